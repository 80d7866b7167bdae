// developers.kakao.com: the social-plugin button images (kakao-protocol.md §4), for pages whose
// pf host is this fake (the SDK then loads them from {pf}/assets/img/about/logos/channel/).
//   GET /assets/img/about/logos/channel/friendadd_{small|large}_yellow_rect[_2X|_3X].png
//   GET /assets/img/about/logos/channel/{consult|question}_{small|large}_{yellow|mono}_{pc|mobile}[_2X|_3X].png
// Answered with a small SVG (image/svg+xml, whatever the .png name says): a rounded rectangle in
// Kakao yellow (#FEE500), or dark grey for mono, with the button's text; _2X / _3X are the same
// drawing at 2 / 3 times the pixel size, so srcset picks render at the 1x size. Other names: 404.

import { escapeHtml, send, sendText } from '../http-util.mjs';

const IMAGE_PATH = /^\/assets\/img\/about\/logos\/channel\/([A-Za-z0-9_]+)\.png$/;
const NAME = /^(?:friendadd_(small|large)_yellow_rect|(consult|question)_(small|large)_(yellow|mono)_(pc|mobile))(?:_([23])X)?$/;

const TEXT = { friendadd: '+ 채널 추가', consult: '채널 상담하기', question: '채널 문의하기' };
const SHORT = { consult: '상담', question: '문의' };

/** Width, height (1x) and text of an image, or null for a name Kakao does not have. */
export function describeImage(name) {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, addSize, title, chatSize, color, shape, density] = m;
  const size = addSize ?? chatSize;
  const height = size === 'large' ? 45 : 30;
  const scale = density ? Number(density) : 1;
  if (addSize) return { width: height * 4, height, scale, mono: false, text: TEXT.friendadd };
  const mobile = shape === 'mobile';
  return {
    width: mobile ? height * 2 : height * 5,
    height,
    scale,
    mono: color === 'mono',
    text: mobile ? SHORT[title] : TEXT[title],
  };
}

export function renderSvg({ width, height, scale, mono, text }) {
  const [fill, ink] = mono ? ['#3C3C3C', '#FFFFFF'] : ['#FEE500', '#191919'];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width * scale}" height="${height * scale}" viewBox="0 0 ${width} ${height}">
<rect width="${width}" height="${height}" rx="${height / 5}" fill="${fill}"/>
<text x="50%" y="50%" dominant-baseline="central" text-anchor="middle" font-family="sans-serif" font-size="${Math.round(height * 0.43)}" font-weight="bold" fill="${ink}">${escapeHtml(text)}</text>
</svg>
`;
}

function handleImage(ctx) {
  const image = describeImage(ctx.params[0]);
  if (!image) return sendText(ctx.res, 404, 'no such button image');
  send(ctx.res, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-cache' }, renderSvg(image));
}

export function register(router) {
  router.on('GET', IMAGE_PATH, handleImage);
}
