// The banners of the 入库 rule over the project form: what a project before 入库 still lacks, what a save
// that moves it into the bank must fill first (not shown while nothing is filled yet), and 资料不全 for a
// project already in the bank.
import { Alert, Form } from 'antd';
import { ProjectStatus } from '../../../../shared/enums';
import type { MoneyUnit } from '../../../../shared/money';
import { BANK_REQUIREMENTS, incompleteText, isBankedStatus, missingForBank } from '../../../../shared/projects';
import { factsOf, type Values } from './projectFormValues';

export function ProjectBankBanners({ bank, unit }: { bank: boolean; unit: MoneyUnit }) {
  const form = Form.useFormInstance<Values>();
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const status = values?.status;
  const missing = values ? missingForBank(factsOf(values, unit)) : [];
  // 资料不全: already in the bank (stored so, and staying there) with 入库 fields still empty.
  const incomplete = values && status && isBankedStatus(status) && !bank ? missing : [];
  return (
    <>
      {status && !isBankedStatus(status) && values && missing.length > 0 && missing.length < BANK_REQUIREMENTS.length ? (
        <Alert
          type="info"
          showIcon
          className="form-banner"
          title={`进入“入库”及以后的状态前还需填写：${missing.join('、')}`}
          data-testid="project-missing-for-bank"
        />
      ) : null}
      {bank && missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="form-banner"
          title={`改为“${ProjectStatus.label[status as ProjectStatus]}”即进入项目库，保存前须填写：${missing.join('、')}`}
          data-testid="project-entering-bank"
        />
      ) : null}
      {incomplete.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="form-banner"
          title={`${incompleteText(incomplete)}`}
          description="项目已在项目库中，可以照常修改保存；补齐这些资料后“资料不全”标记自动消失。"
          data-testid="project-incomplete"
        />
      ) : null}
    </>
  );
}
