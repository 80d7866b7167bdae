import { renderToString } from 'vue/server-renderer';
import { createApp } from './app';

/** The page's HTML, rendered on the server (no window there). */
export function render(): Promise<string> {
  return renderToString(createApp());
}
