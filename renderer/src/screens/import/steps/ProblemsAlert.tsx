// The file's errors and warnings that belong to no row (a missing column, an unknown sheet), shown above a step.
import { Alert } from 'antd';
import type { ImportPreview } from '../../../../../shared/api-import';

export function ProblemsAlert({ preview, fileLevelOnly, errorsOnly }: { preview: ImportPreview; fileLevelOnly?: boolean; errorsOnly?: boolean }) {
  // Amounts or dates the mapping missed have their own box with the confirmation (MissingValuesConfirm).
  const errors = preview.errors.filter((e) => (!fileLevelOnly || e.row === null) && !preview.missingValues.some((m) => e.message.startsWith(m.message)));
  const warnings = errorsOnly ? [] : preview.warnings.filter((w) => !fileLevelOnly || w.row === null);
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className="imp-problems" data-testid="import-file-problems">
      {errors.map((e) => (
        <Alert key={e.message} type="error" showIcon message={e.message} className="imp-alert" />
      ))}
      {warnings.map((w) => (
        <Alert key={w.message} type="warning" showIcon message={w.message} className="imp-alert" />
      ))}
    </div>
  );
}
