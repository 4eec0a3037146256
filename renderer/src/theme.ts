// The look of a government office application: a dark blue primary, a deep red masthead, Windows' CJK
// font, compact controls for data entry.
import { theme, type ThemeConfig } from 'antd';

export const FONT_FAMILY = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';
export const PRIMARY = '#1d4b8f';
export const MASTHEAD_RED = '#a8191f';
const SIDER_BG = '#17253d';

export const appTheme: ThemeConfig = {
  algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm],
  token: {
    colorPrimary: PRIMARY,
    colorInfo: PRIMARY,
    colorLink: PRIMARY,
    colorError: '#c4262e',
    colorSuccess: '#2f7d32',
    colorWarning: '#c77800',
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    borderRadius: 3,
    borderRadiusLG: 4,
    colorBgLayout: '#eef1f5',
    wireframe: false,
  },
  components: {
    Layout: {
      siderBg: SIDER_BG,
      headerBg: '#ffffff',
      headerHeight: 48,
      headerPadding: '0 20px',
      bodyBg: '#eef1f5',
    },
    Menu: {
      darkItemBg: SIDER_BG,
      darkSubMenuItemBg: SIDER_BG,
      darkItemSelectedBg: PRIMARY,
      darkItemColor: 'rgba(255,255,255,0.78)',
      itemBorderRadius: 2,
      itemMarginInline: 0,
      itemHeight: 40,
    },
    Table: {
      headerBg: '#f2f4f7',
      headerColor: '#333',
      rowSelectedBg: '#e3ecf8',
      rowSelectedHoverBg: '#d6e3f5',
    },
    Card: {
      headerFontSize: 15,
    },
    Modal: {
      titleFontSize: 16,
    },
    // The backgrounds antd derives from the dark primary and green come out a dull grey under which text reads
    // poorly; light tints with a visible border keep the message dark on pale (contrast above 10:1).
    Alert: {
      colorInfoBg: '#eaf1fb',
      colorInfoBorder: '#a9c1e6',
      colorSuccessBg: '#edf7ee',
      colorSuccessBorder: '#a7d3aa',
      colorWarningBg: '#fff7e6',
      colorWarningBorder: '#f5c46b',
      colorErrorBg: '#fdeeee',
      colorErrorBorder: '#f0a9ac',
      colorText: '#1f2d3d',
      colorTextHeading: '#1f2d3d',
    },
  },
};
