// 统计用区划代码: 12 digits PPCCDD-TTT-VVV. Only length, digits and the TTT/VVV ranges are checked
// (DOMAIN.md): TTT 001–099 街道, 100–199 镇, 200–399 乡; VVV 001–199 居委会, 200–399 村委会.

export type DivisionLevel = 'county' | 'township' | 'village';

export const DIVISION_LEVEL_LABEL: Record<DivisionLevel, string> = {
  county: '县',
  township: '乡镇',
  village: '村',
};

export type TownshipKind = 'subdistrict' | 'town' | 'township';
export const TOWNSHIP_KIND_LABEL: Record<TownshipKind, string> = { subdistrict: '街道', town: '镇', township: '乡' };

export type VillageKind = 'community' | 'village';
export const VILLAGE_KIND_LABEL: Record<VillageKind, string> = { community: '居委会', village: '村委会' };

export function townshipKindOfCode(code: string): TownshipKind | null {
  const ttt = Number(code.slice(6, 9));
  if (ttt >= 1 && ttt <= 99) return 'subdistrict';
  if (ttt >= 100 && ttt <= 199) return 'town';
  if (ttt >= 200 && ttt <= 399) return 'township';
  return null;
}

export function villageKindOfCode(code: string): VillageKind | null {
  const vvv = Number(code.slice(9, 12));
  if (vvv >= 1 && vvv <= 199) return 'community';
  if (vvv >= 200 && vvv <= 399) return 'village';
  return null;
}

/**
 * Check a division code for its level and, below the county, against its parent's code.
 * Returns a Chinese sentence saying what is wrong and what to enter, or null when the code is good.
 */
export function checkDivisionCode(code: string, level: DivisionLevel, parentCode?: string | null): string | null {
  if (!/^\d{12}$/.test(code)) {
    return `区划代码“${code}”应为 12 位数字（统计用区划代码），请检查位数`;
  }
  const county = code.slice(0, 6);
  const ttt = code.slice(6, 9);
  const vvv = code.slice(9, 12);
  if (level === 'county') {
    if (ttt !== '000' || vvv !== '000') return `县级区划代码“${code}”的后 6 位应为 000000`;
    if (county.slice(4, 6) === '00') return `县级区划代码“${code}”的第 5–6 位不能为 00`;
    return null;
  }
  if (level === 'township') {
    if (vvv !== '000') return `乡镇区划代码“${code}”的后 3 位应为 000`;
    if (townshipKindOfCode(code) === null) {
      return `乡镇区划代码“${code}”的第 7–9 位应在 001–399 之间（001–099 街道，100–199 镇，200–399 乡）`;
    }
    if (parentCode && county !== parentCode.slice(0, 6)) {
      return `乡镇区划代码“${code}”的前 6 位应与所属县的代码 ${parentCode.slice(0, 6)} 一致`;
    }
    return null;
  }
  if (villageKindOfCode(code) === null) {
    return `村级区划代码“${code}”的后 3 位应在 001–399 之间（001–199 居委会，200–399 村委会）`;
  }
  if (parentCode && code.slice(0, 9) !== parentCode.slice(0, 9)) {
    return `村级区划代码“${code}”的前 9 位应与所属乡镇的代码 ${parentCode.slice(0, 9)} 一致`;
  }
  return null;
}

/** Names are matched with and without their suffix (青山镇 ≡ 青山, 前进村 ≡ 前进). */
export function divisionNameCore(name: string): string {
  const trimmed = name.replace(/[\s\u3000]/g, '');
  const stripped = trimmed.replace(/(街道办事处|街道|民族乡|镇|乡|村民委员会|村委会|居委会|社区|村)$/, '');
  return stripped.length > 0 ? stripped : trimmed;
}
