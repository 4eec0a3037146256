// The import wizard: 选择文件 → 工作表与表头 → 字段对应 → 预览与校对 → 核对合计 → 导入 → 结果. Each step is its
// own component under steps/; what the wizard does (open, preview, commit) is in useImportWizard.ts.
import { Alert, Button, Spin, Steps } from 'antd';
import type { ImportPreview } from '../../../../shared/api-import';
import { CommitStep } from './steps/CommitStep';
import { FileStep } from './steps/FileStep';
import { MappingStep } from './steps/MappingStep';
import { PreviewStep } from './steps/PreviewStep';
import { ReconcileStep } from './steps/ReconcileStep';
import { ResultStep } from './steps/ResultStep';
import { SheetStep } from './steps/SheetStep';
import { MissingValuesConfirm } from './WarningGroups';
import { useImportWizard } from './useImportWizard';

const STEPS = ['选择文件', '工作表与表头', '字段对应', '预览与校对', '核对合计', '导入', '完成'];

export function ImportWizard({ onImported }: { onImported(): void }) {
  const wizard = useImportWizard(onImported);
  const { step, open, choices, update, reset, result, view, placeNames, reading, pick, committing, edit, exclude } = wizard;
  const { data: preview, error: previewError, loading } = view.channel;
  const sessionId = open?.sessionId ?? null;

  return (
    <div className="imp-wizard" data-testid="import-wizard">
      <Steps size="small" current={step} items={STEPS.map((title) => ({ title }))} className="imp-steps" />
      <div className="imp-step-body" data-testid={`import-step-${step}`}>
        {step === 0 ? (
          <FileStep open={open} preview={preview} previewError={previewError} reading={reading} onPick={pick} onKind={(kind) => update({ kind, mapping: {} })} />
        ) : null}
        {step === 1 && preview ? <SheetStep preview={preview} choices={choices} loading={loading} sheetPage={view.sheetPage} onSheetPage={view.setSheetPage} update={update} /> : null}
        {step === 2 && preview ? (
          <>
            <MissingValuesConfirm missing={preview.missingValues} allowed={choices.allowMissingAmounts} onAllow={(allowMissingAmounts) => update({ allowMissingAmounts })} />
            <MappingStep preview={preview} choices={choices} onChange={update} />
          </>
        ) : null}
        {step === 3 && preview ? (
          <PreviewStep
            preview={preview}
            sessionId={sessionId}
            choices={choices}
            update={update}
            placeNames={placeNames}
            loading={loading}
            page={view.page}
            pageSize={view.pageSize}
            onPage={(p, size) => {
              view.setPage(size !== view.pageSize ? 1 : p);
              view.setPageSize(size);
            }}
            onlyProblems={view.onlyProblems}
            onOnlyProblems={(v) => {
              view.setOnlyProblems(v);
              view.setPage(1);
            }}
            onEdit={edit}
            onExclude={exclude}
          />
        ) : null}
        {step === 4 && preview ? <ReconcileStep preview={preview} /> : null}
        {step === 5 && preview ? <CommitStep preview={preview} committing={committing} /> : null}
        {step === 6 && result ? <ResultStep result={result} sessionId={sessionId} onAgain={reset} /> : null}
        {step > 0 && step < 6 && !preview ? previewError ? <Alert type="error" showIcon message={previewError} /> : <Spin /> : null}
        {step > 0 && step < 6 && preview && previewError ? <Alert type="error" showIcon className="imp-alert" message={previewError} /> : null}
      </div>
      {step < 6 ? <WizardFooter wizard={wizard} preview={preview} loading={loading} /> : null}
    </div>
  );
}

/** 上一步 · 取消 · 下一步 (or 导入 N 行 on the last step); 下一步 waits for a preview with no file-level error. */
function WizardFooter({ wizard, preview, loading }: { wizard: ReturnType<typeof useImportWizard>; preview: ImportPreview | null; loading: boolean }) {
  const { step, setStep, open, reset, committing, commit } = wizard;
  const blocking = preview ? preview.errors.filter((e) => e.row === null) : [];
  const canLeaveMapping = preview !== null && blocking.length === 0;
  const importable = preview ? preview.summary.create + preview.summary.update : 0;

  const next = () => setStep((s) => Math.min(s + 1, 5));
  const back = () => setStep((s) => Math.max(s - 1, 0));
  const nextDisabled = step === 0 ? !open || !preview : step >= 2 ? !canLeaveMapping : !preview;
  return (
    <div className="imp-footer">
      {step > 0 ? (
        <Button onClick={back} disabled={committing !== null} data-testid="import-back">
          上一步
        </Button>
      ) : null}
      {open ? (
        <Button onClick={reset} disabled={committing !== null} data-testid="import-cancel">
          取消
        </Button>
      ) : null}
      {step < 5 ? (
        <Button type="primary" onClick={next} disabled={nextDisabled || loading} data-testid="import-next">
          下一步
        </Button>
      ) : (
        <Button type="primary" onClick={commit} loading={committing !== null} disabled={importable === 0} data-testid="import-commit">
          导入 {importable} 行
        </Button>
      )}
    </div>
  );
}
