// What each 首页 figure counts, said once: the KPI cards, the 支出进度 part and the 督导问题整改 cards use these
// words for their captions and tooltips, so two figures that look alike say why they differ.
export const HOME_FIGURES = {
  /** 督导问题 KPI's 未整改: the statuses still to be worked on. */
  openFindings: {
    label: '未整改',
    counts: '未启动、整改中的问题（不含长期坚持）',
  },
  /** 督导问题整改's card: 未整改 plus the ongoing ones (长期坚持 has no deadline and is never 逾期). */
  openWithOngoing: {
    label: '未整改（含长期坚持）',
    counts: (open: number, ongoing: number) => `未启动、整改中 ${open.toLocaleString('zh-CN')} 条 + 长期坚持 ${ongoing.toLocaleString('zh-CN')} 条`,
  },
  /** 本年拨付 KPI: every payment dated in the year, whatever the project's year. */
  paidThisYear: {
    label: '本年拨付',
    counts: (year: number) => `支付日期在 ${year} 年内的全部拨付，含往年项目的拨付`,
  },
  /** 支出进度's 已支出: the year's projects only, as 支出进度 counts. */
  spentOfYear: {
    label: '已支出',
    counts: (year: number) => `${year} 年项目截至今天的累计支出（含以前拨付的），支出进度按此计算；与上方“本年拨付”口径不同`,
  },
  /** The per-level line under 支出进度. */
  levels: '各级资金支出进度',
} as const;
