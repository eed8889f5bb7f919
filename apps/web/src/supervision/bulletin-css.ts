// The bulletin's look on screen (a sheet of paper) and in print (A4, no app chrome, tables
// that break between rows, headings kept with what follows).
export const bulletinCss = `
.bulletin { max-width: 900px; margin: 0 auto; padding: 16px; }
.bulletin-paper { background: #fff; color: #000; padding: 40px 56px; box-shadow: 0 1px 6px rgba(0,0,0,.15);
  font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; line-height: 1.8; }
.bulletin-issuer { text-align: center; color: #c00; font-size: 26px; font-weight: 700; letter-spacing: 4px; margin: 0; }
.bulletin-title { text-align: center; font-size: 22px; margin: 8px 0 0; }
.bulletin-meta { text-align: center; color: #555; font-size: 13px; margin: 4px 0 0; }
.bulletin-rule { border: none; border-top: 3px solid #c00; margin: 12px 0 20px; }
.bulletin h2 { font-size: 18px; margin: 24px 0 8px; font-family: "Noto Sans CJK SC", sans-serif; }
.bulletin h3 { font-size: 15px; margin: 16px 0 6px; }
.bulletin p { text-indent: 2em; margin: 6px 0; }
.bulletin p.bulletin-issuer, .bulletin p.bulletin-meta, .bulletin p.bulletin-note,
  .bulletin p.bulletin-footer { text-indent: 0; }
.bulletin-note { color: #666; font-size: 13px; }
.bulletin table { width: 100%; border-collapse: collapse; font-size: 13px; margin: 6px 0 12px;
  font-family: "Noto Sans CJK SC", sans-serif; }
.bulletin th, .bulletin td { border: 1px solid #999; padding: 3px 6px; text-align: left; }
.bulletin th { background: #f2f2f2; }
.bulletin td.num, .bulletin th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bulletin tr.bottom td { color: #c00; }
.bulletin-footer { margin-top: 32px; color: #555; font-size: 13px; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  header.ant-layout-header, .no-print { display: none !important; }
  body, .ant-layout { background: #fff !important; }
  .bulletin { max-width: none; padding: 0; }
  .bulletin-paper { box-shadow: none; padding: 0; }
  .bulletin tr { break-inside: avoid; }
  .bulletin h2, .bulletin h3 { break-after: avoid; }
}
`;
