// Resolving the place names a sheet writes against 区划: townships with or without 镇/乡 (桦树镇 ≡ 桦树),
// villages with or without 村, within their township when it is known; "桦树镇前进村" split into both; a
// 建设地点 naming several villages kept as text. Pure: the caller passes the divisions.
import { divisionNameCore } from '../divisions';
import { foldWidth, squeeze } from './text';

export interface PlaceDivision {
  id: number;
  name: string;
  level: 'county' | 'township' | 'village';
  parentId: number | null;
}

export type PlaceLookup = { ok: true; id: number; name: string } | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: PlaceDivision[] };

function fold(name: string): string {
  return squeeze(foldWidth(name));
}

/** Township names as sheets write them: "桦树镇人民政府", "桦树镇政府", "桦树镇（街道）". */
export function townshipNameFromText(text: string): string {
  return fold(text)
    .replace(/[()（）]/g, '')
    .replace(/(人民政府|政府|党委|党委政府|办事处|便民服务中心)$/, '');
}

export class PlaceIndex {
  private readonly townships: PlaceDivision[];
  private readonly villagesByTownship = new Map<number, PlaceDivision[]>();
  private readonly villages: PlaceDivision[];

  constructor(divisions: readonly PlaceDivision[]) {
    this.townships = divisions.filter((d) => d.level === 'township');
    this.villages = divisions.filter((d) => d.level === 'village');
    for (const v of this.villages) {
      if (v.parentId === null) continue;
      const list = this.villagesByTownship.get(v.parentId) ?? [];
      list.push(v);
      this.villagesByTownship.set(v.parentId, list);
    }
  }

  add(division: PlaceDivision): void {
    if (division.level === 'township') this.townships.push(division);
    else if (division.level === 'village') {
      this.villages.push(division);
      if (division.parentId !== null) {
        const list = this.villagesByTownship.get(division.parentId) ?? [];
        list.push(division);
        this.villagesByTownship.set(division.parentId, list);
      }
    }
  }

  private static pick(list: readonly PlaceDivision[], name: string): PlaceLookup {
    const exact = list.filter((d) => fold(d.name) === name);
    if (exact.length === 1 && exact[0]) return { ok: true, id: exact[0].id, name: exact[0].name };
    if (exact.length > 1) return { ok: false, reason: 'ambiguous', candidates: exact };
    const core = divisionNameCore(name);
    const loose = list.filter((d) => divisionNameCore(d.name) === core);
    if (loose.length === 1 && loose[0]) return { ok: true, id: loose[0].id, name: loose[0].name };
    if (loose.length > 1) return { ok: false, reason: 'ambiguous', candidates: loose };
    return { ok: false, reason: 'unknown', candidates: [] };
  }

  township(raw: string): PlaceLookup {
    const name = townshipNameFromText(raw);
    if (name === '') return { ok: false, reason: 'unknown', candidates: [] };
    return PlaceIndex.pick(this.townships, name);
  }

  /** A village within a township, or anywhere in the county when the township is not known. */
  village(raw: string, townshipId: number | null): PlaceLookup {
    const name = fold(raw).replace(/(村民委员会|村委会)$/, '村');
    if (name === '') return { ok: false, reason: 'unknown', candidates: [] };
    const list = townshipId === null ? this.villages : (this.villagesByTownship.get(townshipId) ?? []);
    return PlaceIndex.pick(list, name);
  }

  townshipOf(villageId: number): number | null {
    return this.villages.find((v) => v.id === villageId)?.parentId ?? null;
  }

  /** Every township name (for finding one in a title or a 填报单位 line). */
  townshipNames(): PlaceDivision[] {
    return this.townships;
  }
}

/**
 * Split "桦树镇前进村" / "桦树镇-前进村" / "桦树镇 前进村" into township and village words. A text naming
 * several villages ("前进村、南山村") has `several` set; the caller keeps it as 建设地点 text.
 */
export function splitPlaceText(raw: string): { township: string | null; village: string | null; several: boolean } {
  const text = fold(raw);
  if (text === '') return { township: null, village: null, several: false };
  if (/[、,，;；和及与/]/.test(text) && (text.match(/村|社区/g)?.length ?? 0) >= 2) {
    const m = /^(.+?(?:镇|乡|街道))/.exec(text);
    return { township: m ? (m[1] ?? null) : null, village: null, several: true };
  }
  const m = /^(.{1,12}?(?:镇|乡|街道|街道办事处))[-—_·.]?(.+?(?:村|社区|居委会|村委会))(.*)$/.exec(text);
  if (m && m[2]) return { township: m[1] ?? null, village: m[2] ?? null, several: false };
  if (/(镇|乡|街道)$/.test(text)) return { township: text, village: null, several: false };
  // "前进村二组", "前进村委会": the village, details dropped.
  const v = /^(.+?(?:村|社区))(?:委会|民委员会)?(.*)$/.exec(text);
  if (v && v[1]) return { township: null, village: v[1], several: false };
  // Not a village name ("县城工业园区"): the caller keeps it as text.
  return { township: null, village: null, several: false };
}

/** A township named in a title or note line ("桦树镇2023年…", "填报单位：桦树镇人民政府"). */
export function findTownshipInText(text: string, index: PlaceIndex): { id: number; name: string } | null {
  const folded = fold(text);
  const hits = index
    .townshipNames()
    .filter((t) => folded.includes(fold(t.name)))
    .sort((a, b) => b.name.length - a.name.length);
  if (hits[0]) return { id: hits[0].id, name: hits[0].name };
  return null;
}

/** A township-looking word at the start of a title or after 填报单位 ("桦树镇", "柳林乡", "城关街道"), for adding. */
export function townshipWordInText(text: string): string | null {
  const folded = fold(text).replace(/^.*?(?:填报单位|报送单位|单位名称)[:：]?/, '');
  const m = /^(?:.{0,6}?(?:县|市|区|旗))?([^\d年县市区旗:：]{1,8}?(?:镇|乡|街道))(?:人民政府|政府|党委)?/.exec(folded);
  return m ? (m[1] ?? null) : null;
}

/** A county named at the start of a title ("松岭县2023年…"), for a ledger that has none yet. */
export function countyWordInText(text: string): string | null {
  const m = /^([^\d年:：]{1,10}?(?:自治县|县|自治旗|旗|市|区))(?=\d|[^\d]*年|[^镇乡])/.exec(fold(text));
  if (!m || !m[1]) return null;
  if (/(镇|乡|村)/.test(m[1])) return null;
  return m[1];
}
