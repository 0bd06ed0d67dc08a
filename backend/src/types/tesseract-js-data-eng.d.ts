/** The package ships JavaScript only: where its gzipped `eng.traineddata` lies, for tesseract.js's `langPath`. */
declare module '@tesseract.js-data/eng' {
  const data: { code: 'eng'; gzip: boolean; langPath: string };
  export default data;
}
