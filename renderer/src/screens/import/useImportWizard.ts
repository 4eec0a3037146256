// What the import wizard does, apart from how it looks. The file's bytes are uploaded once (import.open keeps
// the parsed sheets in a session); every later step previews the whole pipeline again with the clerk's
// choices (only the newest preview counts), so what is shown is exactly what a commit does.
import { App as AntApp } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DivisionRow, ProgressEvent } from '../../../../shared/api';
import type { ImportOpenResult, ImportPreview, ImportResult } from '../../../../shared/api-import';
import { call, onProgress } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { readFileBase64 } from '../../lib/files';
import { useChannel } from '../../lib/useChannel';
import { Choices, EMPTY_CHOICES, editKey, optionsOf } from './common';
import type { Reading } from './steps/FileStep';
import { SHEET_PAGE } from './steps/SheetStep';

/** The newest preview of the open file for the step and page in view. */
function useImportPreview(open: ImportOpenResult | null, choices: Choices, step: number) {
  const channel = useChannel<ImportPreview>({ showError: false });
  const [sheetPage, setSheetPage] = useState(1);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(100);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const { run } = channel;

  // Preview again whenever a choice or the page changes (the newest answer wins).
  const inGrid = step <= 2;
  useEffect(() => {
    if (!open || step >= 5) return;
    const pageInput = inGrid ? { rowsFrom: (sheetPage - 1) * SHEET_PAGE + 1, rowsLimit: SHEET_PAGE } : { rowsFrom: (page - 1) * pageSize + 1, rowsLimit: pageSize, onlyProblems };
    void run(() => call('import.preview', { sessionId: open.sessionId, ...optionsOf(choices), ...pageInput }));
  }, [open, choices, inGrid, sheetPage, page, pageSize, onlyProblems, step, run]);

  return { channel, sheetPage, setSheetPage, page, setPage, pageSize, setPageSize, onlyProblems, setOnlyProblems };
}

/** Read a picked file into an import session, with progress and a way to cancel. */
function useReadFile(reset: () => void, opened: (value: ImportOpenResult) => void) {
  const { message } = AntApp.useApp();
  const [reading, setReading] = useState<Reading | null>(null);
  const pick = useCallback(
    async (file: File) => {
      reset();
      const jobId = `import.open:${Date.now()}`;
      setReading({ jobId, fileName: file.name, progress: null });
      const stop = onProgress((event) => {
        if (event.jobId === jobId) setReading((r) => (r ? { ...r, progress: event } : r));
      });
      try {
        const dataBase64 = await readFileBase64(file);
        const value = await call('import.open', { dataBase64, fileName: file.name, jobId });
        opened(value);
      } catch (error) {
        message.error(errorText(error), 8);
      } finally {
        stop();
        setReading(null);
      }
    },
    [reset, opened, message],
  );
  return { reading, pick };
}

/** Write the previewed rows in one go, with progress; `done` gets what was written. */
function useCommit(open: ImportOpenResult | null, choices: Choices, done: (result: ImportResult) => void) {
  const { message } = AntApp.useApp();
  const [committing, setCommitting] = useState<ProgressEvent | null>(null);
  const commit = useCallback(async () => {
    if (!open) return;
    const jobId = `import.commit:${Date.now()}`;
    setCommitting({ jobId, label: '正在导入', done: 0, total: 1 });
    const stop = onProgress((event) => {
      if (event.jobId === jobId) setCommitting(event);
    });
    try {
      const value = await call('import.commit', { sessionId: open.sessionId, jobId, ...optionsOf(choices) });
      setCommitting({ jobId, label: '导入完成', done: 1, total: 1 });
      done(value);
    } catch (error) {
      message.error(errorText(error), 8);
    } finally {
      stop();
      setCommitting(null);
    }
  }, [open, choices, done, message]);
  return { committing, commit };
}

/** The county's township and village names, for the 乡镇 choice and the place cells (again after an import added some). */
function usePlaceNames(result: ImportResult | null) {
  const [divisions, setDivisions] = useState<DivisionRow[]>([]);
  useEffect(() => {
    call('divisions.list', {}).then(setDivisions, () => undefined);
  }, [result]);
  return useMemo(
    () => ({ township: divisions.filter((d) => d.level === 'township').map((d) => d.name), village: [...new Set(divisions.filter((d) => d.level === 'village').map((d) => d.name))] }),
    [divisions],
  );
}

export function useImportWizard(onImported: () => void) {
  const { refreshAll } = useAppState();
  const [step, setStep] = useState(0);
  const [open, setOpen] = useState<ImportOpenResult | null>(null);
  const [choices, setChoices] = useState<Choices>(EMPTY_CHOICES);
  const [result, setResult] = useState<ImportResult | null>(null);
  const view = useImportPreview(open, choices, step);
  const placeNames = usePlaceNames(result);
  const { reset: resetPreview } = view.channel;
  const { setPage, setSheetPage, setOnlyProblems } = view;

  const update = useCallback((patch: Partial<Choices>) => {
    setChoices((c) => ({ ...c, ...patch }));
    setPage(1);
  }, [setPage]);

  const reset = useCallback(() => {
    if (open) call('import.close', { sessionId: open.sessionId }).catch(() => undefined);
    setOpen(null);
    resetPreview();
    setChoices(EMPTY_CHOICES);
    setResult(null);
    setStep(0);
    setSheetPage(1);
    setPage(1);
    setOnlyProblems(false);
  }, [open]);

  const { reading, pick } = useReadFile(reset, setOpen);
  const imported = useCallback(
    (value: ImportResult) => {
      setResult(value);
      setStep(6);
      onImported();
      void refreshAll();
    },
    [onImported, refreshAll],
  );
  const { committing, commit } = useCommit(open, choices, imported);

  const edit = (row: number, column: number, value: string | null) => {
    const edits = { ...choices.edits };
    if (value === null) delete edits[editKey(row, column)];
    else edits[editKey(row, column)] = value;
    setChoices((c) => ({ ...c, edits }));
  };
  const exclude = (row: number, excluded: boolean) =>
    setChoices((c) => ({ ...c, excludeRows: excluded ? [...c.excludeRows, row].sort((a, b) => a - b) : c.excludeRows.filter((r) => r !== row) }));

  return { step, setStep, open, choices, update, reset, result, view, placeNames, reading, pick, committing, commit, edit, exclude };
}
