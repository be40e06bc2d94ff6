// A CodeMirror 6 editor as a controlled-ish React component: the parent owns the text (onChange on
// every edit); a new `value` from outside (e.g. a loaded detection) replaces the document.
// The editor lives in a shadow root: there CodeMirror mounts its styles as constructed stylesheets
// (adoptedStyleSheets), which the CSP's `style-src 'self'` allows; in the document itself it would
// insert a <style> element, which the CSP blocks.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { sql, type SQLNamespace } from '@codemirror/lang-sql';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { Annotation, Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view';
import { useEffect, useRef, type ReactNode } from 'react';

export type EditorLanguage = 'sql' | 'python' | 'typescript' | 'yaml' | 'text';

function languageExtension(lang: EditorLanguage, schema?: SQLNamespace): Extension {
  switch (lang) {
    case 'sql':
      return sql(schema !== undefined ? { schema, upperCaseKeywords: true } : { upperCaseKeywords: true });
    case 'python':
      return python();
    case 'typescript':
      return javascript({ typescript: true });
    default:
      // YAML is edited as plain text (no YAML mode is installed).
      return [];
  }
}

// Marks the replacement of the document by a new `value`: the parent has that text already.
const fromProps = Annotation.define<boolean>();

// Four-space indentation, as Python and the detection templates use.
const UNIT = '    ';

// What the page stylesheet cannot reach inside the shadow root.
const editorTheme = (minHeight: string): Extension =>
  EditorView.theme({
    '&': { minHeight, maxHeight: '60vh', backgroundColor: '#fff', fontSize: '13px' },
    '&.cm-focused': { outline: '2px solid #c7d2fe' },
    '.cm-scroller': { overflow: 'auto', fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace" },
    '.cm-content, .cm-gutter': { minHeight },
  });

export function CodeEditor(props: {
  value: string;
  onChange?: (v: string) => void;
  language: EditorLanguage;
  readOnly?: boolean;
  label: string;
  schema?: SQLNamespace;
  placeholder?: string;
  onRun?: () => void;
  testId?: string;
  /** A taller editor (the detection editor). */
  tall?: boolean;
}): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const langConf = useRef(new Compartment());
  const roConf = useRef(new Compartment());
  // Holds the undo history, so that a document loaded from outside can start a fresh one.
  const historyConf = useRef(new Compartment());
  // The latest callbacks, read by the editor's listeners without rebuilding the editor.
  const onChange = useRef(props.onChange);
  const onRun = useRef(props.onRun);
  onChange.current = props.onChange;
  onRun.current = props.onRun;
  // The texts this editor reported and the parent has not yet rendered back, oldest first. A
  // `value` among them is an echo of the editor's own edit, possibly older than the document by
  // now (keys typed before React re-rendered): it must not replace the document.
  const emitted = useRef<string[]>([]);

  useEffect(() => {
    if (host.current === null) return;
    const shadow = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
    const v = new EditorView({
      root: shadow,
      parent: shadow,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          indentOnInput(),
          indentUnit.of(UNIT),
          bracketMatching(),
          closeBrackets(),
          autocompletion(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          historyConf.current.of(history()),
          keymap.of([
            { key: 'Mod-Enter', run: () => (onRun.current?.(), onRun.current !== undefined) },
            ...closeBracketsKeymap,
            ...completionKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            // Tab indents; Escape then Tab still moves the focus on (CodeMirror's tab focus mode).
            indentWithTab,
          ]),
          EditorView.lineWrapping,
          editorTheme(props.tall === true ? '360px' : '120px'),
          EditorView.contentAttributes.of({ 'aria-label': props.label }),
          placeholderExt(props.placeholder ?? ''),
          langConf.current.of(languageExtension(props.language, props.schema)),
          roConf.current.of([EditorState.readOnly.of(props.readOnly === true), EditorView.editable.of(props.readOnly !== true)]),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || onChange.current === undefined || u.transactions.some((tr) => tr.annotation(fromProps) === true)) return;
            const text = u.state.doc.toString();
            emitted.current.push(text);
            onChange.current(text);
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; props changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    const echo = emitted.current.indexOf(props.value);
    if (echo >= 0) {
      emitted.current.splice(0, echo + 1);
      return;
    }
    emitted.current = [];
    const doc = v.state.doc.toString();
    if (doc === props.value) return;
    // A document from outside (a loaded detection, another template) is not an edit to undo: drop
    // the history with the old text and start a new one.
    v.dispatch({ changes: { from: 0, to: doc.length, insert: props.value }, effects: historyConf.current.reconfigure([]), annotations: fromProps.of(true) });
    v.dispatch({ effects: historyConf.current.reconfigure(history()) });
  }, [props.value]);

  useEffect(() => {
    view.current?.dispatch({ effects: langConf.current.reconfigure(languageExtension(props.language, props.schema)) });
  }, [props.language, props.schema]);

  useEffect(() => {
    view.current?.dispatch({ effects: roConf.current.reconfigure([EditorState.readOnly.of(props.readOnly === true), EditorView.editable.of(props.readOnly !== true)]) });
  }, [props.readOnly]);

  return <div className={`code-editor${props.readOnly === true ? ' readonly' : ''}`} ref={host} data-testid={props.testId} />;
}
