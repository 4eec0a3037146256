// Searchable pickers of the finding form: 涉及项目 (projects.search: name, number, place or pinyin initials)
// and 涉及资产 (assets.list by keyword), both the shared RemoteSelect; the label of the record being edited
// is known before any search.
import { RemoteSelect, type RemoteChoice } from '../../components/RemoteSelect';
import { call } from '../../api/client';
import { searchProjectRows } from '../projects/search';

export type PickChoice = RemoteChoice;

async function searchProjects(keyword: string): Promise<PickChoice[]> {
  return (await searchProjectRows(keyword)).map((r) => ({
    id: r.id,
    label: r.name,
    note: [`${r.year} 年`, [r.township ?? '县级', r.village].filter(Boolean).join(' '), r.code, r.status].filter(Boolean).join(' · '),
  }));
}

async function searchAssets(keyword: string): Promise<PickChoice[]> {
  const result = await call('assets.list', { ...(keyword ? { keyword } : {}), limit: 30 });
  return result.rows.map((r) => ({
    id: r.id,
    label: r.name,
    note: [[r.township ?? '县级', r.village].filter(Boolean).join(' '), r.code, r.project ? `来自 ${r.project}` : null].filter(Boolean).join(' · '),
  }));
}

interface PickerProps {
  value?: number | null;
  onChange?: (id: number | null) => void;
  id?: string;
  known?: PickChoice | null;
  testId?: string;
}

function Picker({ onChange, known, ...props }: PickerProps & { search: (keyword: string) => Promise<PickChoice[]>; placeholder: string; notFound: string }) {
  return <RemoteSelect {...props} known={known ? [known] : []} onChange={(v) => onChange?.(v)} />;
}

export function ProjectPicker(props: PickerProps) {
  return <Picker {...props} search={searchProjects} placeholder="输入项目名称、编号、乡镇或拼音首字母查找（可不填）" notFound="没有找到匹配的项目" />;
}

export function AssetPicker(props: PickerProps) {
  return <Picker {...props} search={searchAssets} placeholder="输入资产名称或编号查找（可不填）" notFound="没有找到匹配的资产" />;
}
