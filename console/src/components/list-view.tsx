// A loaded list as the pages show it: the error (the list's own, else the page's last action's),
// "Loading…" until the first answer, then the table and, for cursor pages, the pager.
import type { ReactNode } from 'react';
import type { Loaded } from '../api/use-api.js';
import { ErrorBox, Loading, Pager, Table, type TableProps } from './common.js';
import type { CursorStack } from './pagination.js';

export type ListViewProps<T> = Omit<TableProps<T>, 'rows'> & {
  list: Loaded<{ items: T[]; next?: string }>;
  /** The error of the page's last action (save, delete, toggle), shown when the list itself loaded. */
  error?: unknown;
  /** Cursor pages: shows the pager under the table. */
  pages?: CursorStack;
};

export function ListView<T>({ list, error, pages, ...table }: ListViewProps<T>): ReactNode {
  return (
    <>
      <ErrorBox error={list.error ?? error} />
      {list.loading && list.data === undefined ? <Loading /> : null}
      {list.data ? (
        <>
          <Table<T> {...table} rows={list.data.items} />
          {pages ? <Pager hasPrev={pages.hasPrev} next={list.data.next} onPrev={pages.prev} onNext={pages.next} /> : null}
        </>
      ) : null}
    </>
  );
}
