import { BrowserUnavailableError, chromiumPath, renderPdf } from './render-pdf';

describe('the PDF without a browser', () => {
  it('names the missing browser when VIGIL_CHROMIUM points nowhere', async () => {
    await expect(chromiumPath({ VIGIL_CHROMIUM: '/nonexistent/chromium' })).rejects.toThrow(BrowserUnavailableError);
    await expect(chromiumPath({ VIGIL_CHROMIUM: '/nonexistent/chromium' })).rejects.toThrow(/VIGIL_CHROMIUM=\/nonexistent\/chromium/);
  });

  it('says the browser is unavailable when the binary cannot be run', async () => {
    await expect(renderPdf('<p>x</p>', { chromium: '/nonexistent/chromium' })).rejects.toThrow(
      /headless Chromium is not available to render the PDF: \/nonexistent\/chromium not found/,
    );
  });
});
