import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { livechatWidgetDir, widgetPage } from './livechat-widget.js';

describe('the Livechat widget', () => {
  it("is the npm package's build, with its embed script", () => {
    expect(existsSync(join(livechatWidgetDir(), 'index.html'))).toBe(true);
    expect(existsSync(join(livechatWidgetDir(), 'rocketchat-livechat.min.js'))).toBe(true);
  });

  it('gets the server address as SERVER_URL, which no Host header can break out of', () => {
    const page = widgetPage('<html><head></head><body></body></html>', 'http://chat.example:3000');
    expect(page).toBe('<html><head><script>SERVER_URL = "http://chat.example:3000";</script></head><body></body></html>');
    expect(widgetPage('<head>', 'http://x</script><script>alert(1)')).not.toContain('</script><script>alert');
  });
});
