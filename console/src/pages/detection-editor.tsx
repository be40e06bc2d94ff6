// The detection editor: the YAML spec and the body (Python or TypeScript) side by side, "Run tests"
// on the unsaved content, save, enable/disable, delete.
import { useEffect, useState, type ReactNode } from 'react';
import { api, enc } from '../api/client.js';
import type { Detection, DetectionTestRun, Language } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { useCan } from '../auth/me.js';
import { CodeEditor } from '../components/code-editor.js';
import { ErrorBox, Loading } from '../components/common.js';
import { cellText, prettyJson } from '../format.js';
import { detectionHref, navigate } from '../router.js';
import { templateBody, templateYaml } from './detection-templates.js';

export function DetectionEditorPage({ id }: { id: string | null }): ReactNode {
  const loaded = useApi<Detection>(id === null ? null : `/api/detections/${enc(id)}`);
  const can = useCan();
  const [language, setLanguage] = useState<Language>('python');
  const [yaml, setYaml] = useState(templateYaml('python'));
  const [body, setBody] = useState(templateBody('python'));
  const [run, setRun] = useState<DetectionTestRun | undefined>(undefined);
  const [busy, setBusy] = useState<'test' | 'save' | 'delete' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  // An existing detection's editors wait for its text (instead of showing the template first).
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const d = loaded.data;
    if (d === undefined) return;
    setYaml(d.yaml);
    setBody(d.body ?? '');
    if (d.language !== null) setLanguage(d.language);
    setRun(undefined);
    setSynced(true);
  }, [loaded.data]);

  const detection = loaded.data;
  const builtin = detection?.builtin === true;
  const hasBody = detection === undefined || detection.body !== null;
  // Writing, enabling, deleting and testing need the analyst role (tests run the code): a read-only
  // user sees the detection and nothing to press.
  const canSave = can(id === null ? 'POST /api/detections' : 'PUT /api/detections/:id');
  const canTest = can('POST /api/detections/test');
  const readOnly = builtin || !canSave;

  const changeLanguage = (l: Language): void => {
    // A new detection's template follows the language until the user edits it.
    if (id === null && yaml === templateYaml(language) && body === templateBody(language)) {
      setYaml(templateYaml(l));
      setBody(templateBody(l));
    }
    setLanguage(l);
  };

  const runTests = async (): Promise<void> => {
    setBusy('test');
    setError(undefined);
    setRun(undefined);
    try {
      setRun(await api<DetectionTestRun>('/api/detections/test', { method: 'POST', body: { yaml, ...(hasBody ? { body } : {}), ...(detection?.language !== null ? { language } : {}) } }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (): Promise<void> => {
    setBusy('save');
    setError(undefined);
    setSaved(undefined);
    try {
      if (id === null) {
        const d = await api<Detection>('/api/detections', { method: 'POST', body: { yaml, ...(hasBody ? { body } : {}), language } });
        window.location.hash = detectionHref(d.id);
      } else {
        await api<Detection>(`/api/detections/${enc(id)}`, { method: 'PUT', body: { yaml, ...(hasBody ? { body } : {}) } });
        setSaved('Saved.');
        loaded.reload();
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async (): Promise<void> => {
    if (id === null || !window.confirm(`Delete ${id}?`)) return;
    setBusy('delete');
    try {
      await api(`/api/detections/${enc(id)}`, { method: 'DELETE' });
      navigate(['detections']);
    } catch (e) {
      setError(e);
      setBusy(undefined);
    }
  };

  const setEnabled = async (enabled: boolean): Promise<void> => {
    if (id === null) return;
    try {
      await api(`/api/detections/${enc(id)}`, { method: 'PATCH', body: { enabled } });
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (id !== null && loaded.error !== undefined) return <ErrorBox error={loaded.error} />;
  if (id !== null && (detection === undefined || !synced)) return <Loading />;
  const enabled = detection?.enabled ?? true;
  return (
    <section data-testid="detection-editor">
      <p className="crumbs">
        <a href="#/detections">Detections</a> /
      </p>
      <div className="title-row">
        <h1>{id === null ? 'New detection' : id}</h1>
        {detection !== undefined && can('PATCH /api/detections/:id') ? (
          <label className="switch">
            <input type="checkbox" checked={enabled} onChange={(e) => void setEnabled(e.target.checked)} /> Enabled
          </label>
        ) : null}
        {detection !== undefined && !can('PATCH /api/detections/:id') ? <span className="muted" data-testid="detection-state">{enabled ? 'Enabled' : 'Disabled'}</span> : null}
      </div>
      {builtin ? <p className="notice">A built-in detection: it can be tested and disabled, not changed. To change it, copy it under a new RuleID in a new detection.</p> : null}
      <div className="toolbar">
        {id === null ? (
          <label>
            Language
            <select value={language} onChange={(e) => changeLanguage(e.target.value as Language)} name="language">
              <option value="python">Python</option>
              <option value="typescript">TypeScript</option>
            </select>
          </label>
        ) : (
          <span className="muted">{detection?.language ?? 'no body'}{detection?.filename ? ` · ${detection.filename}` : ''}</span>
        )}
        {canTest ? (
          <button type="button" onClick={() => void runTests()} disabled={busy !== undefined} data-testid="run-tests">
            {busy === 'test' ? 'Running…' : 'Run tests'}
          </button>
        ) : null}
        {canSave ? (
          <button type="button" className="primary" onClick={() => void save()} disabled={busy !== undefined || builtin}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        ) : null}
        {id !== null && !builtin && can('DELETE /api/detections/:id') ? (
          <button type="button" className="danger" onClick={() => void remove()} disabled={busy !== undefined}>
            Delete
          </button>
        ) : null}
        {saved !== undefined ? <span className="ok" role="status">{saved}</span> : null}
      </div>
      <ErrorBox error={error} />
      <div className={hasBody ? 'grid2 editors' : 'editors'}>
        <div>
          <h2>Specification (YAML)</h2>
          <CodeEditor value={yaml} onChange={setYaml} language="yaml" label="Detection YAML" readOnly={readOnly} testId="yaml-editor" tall onRun={canTest ? () => void runTests() : undefined} />
        </div>
        {hasBody ? (
          <div>
            <h2>{language === 'python' ? 'Python' : 'TypeScript'}</h2>
            <CodeEditor value={body} onChange={setBody} language={language} label="Detection body" readOnly={readOnly} testId="body-editor" tall onRun={canTest ? () => void runTests() : undefined} />
          </div>
        ) : null}
      </div>
      {run !== undefined ? <TestResults run={run} /> : null}
    </section>
  );
}

function TestResults({ run }: { run: DetectionTestRun }): ReactNode {
  return (
    <div className="card" data-testid="test-results">
      <h2>
        Tests: {run.passed} passed, {run.failed} failed
      </h2>
      {run.errors.length > 0 ? (
        <ul className="errors">
          {run.errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      ) : null}
      {run.results.length === 0 && run.errors.length === 0 ? <p className="muted">The detection has no tests.</p> : null}
      <ul className="test-results">
        {run.results.map((r, i) => (
          <li key={i} className={r.passed ? 'pass' : 'fail'}>
            <span className="verdict">{r.passed ? '[PASS]' : '[FAIL]'}</span> {r.name}
            {!r.passed ? (
              <span className="muted">
                {' '}
                expected {cellText(r.expected)}
                {r.actual !== undefined ? `, got ${cellText(r.actual)}` : ''}
              </span>
            ) : null}
            {r.error !== undefined ? <pre className="test-error">{r.error}</pre> : null}
            {r.title !== undefined ? <div className="muted">title: {r.title}</div> : null}
            {r.alertContext !== undefined && r.alertContext !== null ? <pre className="json">{prettyJson(r.alertContext)}</pre> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

