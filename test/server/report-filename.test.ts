/**
 * R-REPORT-FILENAME: a downloaded report is named after its session, in the title's own
 * letters where ASCII cannot hold them (RFC 6266 `filename*`), with an ASCII name beside it
 * for clients that read only `filename`.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../helpers/client.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve } = lifecycle();

const nameOf = async (url: string, title: string, lang: string, format: string) => {
  const s = await createSession(url, title, lang);
  const res = await fetch(`${url}/api/sessions/${s.sessionId}/report/${format}`, {
    headers: { authorization: `Bearer ${s.facilitatorKey}` },
  });
  expect(res.status).toBe(200);
  return res.headers.get('content-disposition') ?? '';
};

describe('report file names', () => {
  it('R-REPORT-FILENAME: an Arabic or Ukrainian title keeps its letters in filename*; a Dutch one needs no filename*', async () => {
    const server = await serve();
    const day = new Date().toISOString().slice(0, 10);
    const ar = await nameOf(server.url, 'جلسة التعلم 6', 'ar', 'pdf');
    expect(ar).toContain(`filename="report-6-${day}.pdf"`);
    const star = /filename\*=UTF-8''([^;]+)/.exec(ar);
    expect(decodeURIComponent(star![1])).toBe(`report-جلسة-التعلم-6-${day}.pdf`);
    const uk = await nameOf(server.url, 'Зустріч 6: Безпека', 'uk', 'docx');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(uk)![1])).toBe(`report-зустріч-6-безпека-${day}.docx`);
    const nl = await nameOf(server.url, 'Lerend netwerk sessie 6', 'nl', 'md');
    expect(nl).toBe(`attachment; filename="verslag-lerend-netwerk-sessie-6-${day}.md"`);
  });
});
