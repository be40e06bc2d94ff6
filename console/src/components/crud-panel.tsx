// A configuration list with its form: the table with Edit and Delete on each row, then either the
// button that opens a new form or the form itself (Save/Cancel). Every value renders as text. A
// role that may not write sees the table alone.
import type { ReactNode } from 'react';
import type { Column } from './common.js';
import { ListView } from './list-view.js';
import type { Editing, ResourceForm } from './resource-form.js';

export interface CrudPanelProps<T, D> {
  form: ResourceForm<T, D>;
  testId: string;
  /** What the table says when there are no rows. */
  empty: string;
  columns: Array<Column<T>>;
  rowId: (row: T) => string;
  /** The row's name in the accessible names of its buttons (`Edit <name>`). */
  rowName: (row: T) => string;
  toDraft: (row: T) => D;
  confirmDelete: (row: T) => string;
  /** The delete button's text: `Delete`, or e.g. `Remove`. */
  deleteText?: string;
  actionsTitle?: string;
  /**
   * Whether the role may add, edit and delete (the page asks useCan for its collection's writes):
   * without it the Add/Edit/Delete buttons are not rendered at all, not merely disabled.
   */
  canWrite: boolean;
  /** More buttons before Edit (shown whatever canWrite says: the page decides on its own). */
  extraActions?: (row: T) => ReactNode;
  addLabel: string;
  newDraft: () => D;
  /** The form's heading, also its accessible name. */
  formTitle: (editing: Editing<D>) => string;
  /** The form's fields, between its heading and Save/Cancel. */
  fields: (draft: D, editing: Editing<D>) => ReactNode;
}

export function CrudPanel<T, D>(p: CrudPanelProps<T, D>): ReactNode {
  const { form } = p;
  const deleteText = p.deleteText ?? 'Delete';
  const actions: Column<T> = {
    key: 'actions',
    title: p.actionsTitle ?? 'Actions',
    render: (row) => (
      <span className="actions">
        {p.extraActions?.(row)}
        {p.canWrite ? (
          <>
            <button type="button" className="small" onClick={() => form.open(p.rowId(row), p.toDraft(row))} aria-label={`Edit ${p.rowName(row)}`}>
              Edit
            </button>
            <button type="button" className="small danger" onClick={() => void form.remove(p.rowId(row), p.confirmDelete(row))} aria-label={`${deleteText} ${p.rowName(row)}`}>
              {deleteText}
            </button>
          </>
        ) : null}
      </span>
    ),
  };
  const editing = form.editing;
  const title = editing === undefined ? '' : p.formTitle(editing);
  return (
    <>
      <ListView<T> list={form.list} error={form.error} testId={p.testId} rowKey={p.rowId} empty={p.empty} columns={p.canWrite || p.extraActions !== undefined ? [...p.columns, actions] : p.columns} />
      {!p.canWrite ? null : editing === undefined ? (
        <button type="button" className="primary" onClick={() => form.open(null, p.newDraft())}>
          {p.addLabel}
        </button>
      ) : (
        <form className="card form" onSubmit={(e) => void form.submit(e)} aria-label={title}>
          <h2>{title}</h2>
          {p.fields(editing.draft, editing)}
          <div className="toolbar">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={form.close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
}
