// Small DOM helpers: elements made with text nodes (never HTML from data), the photo picker.
import { t } from './i18n.js';

// h('div', {class: 'x', onclick: fn}, child, 'text', ...)
export function h (tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// An image that tries again when it fails to load (a phone's network drops, the gateway answers
// 503 for a moment): after 1, 2, 4 and 8 s, each try a new URL, as a failed load may be kept.
export function img (src, attrs = {}) {
  let tries = 0;
  const element = h('img', { ...attrs, src, alt: attrs.alt || '' });
  element.addEventListener('error', () => {
    if (tries >= 4) return;
    const delay = 1000 * 2 ** tries++;
    setTimeout(() => {
      if (element.isConnected) element.src = `${src}${src.includes('?') ? '&' : '?'}try=${tries}`;
    }, delay);
  });
  return element;
}

export function field (label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function notice (text, kind = 'info') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

// The longest side of a photo kept: phones take 4000 px and more, a finding needs far less,
// and a poor connection sends every byte.
const PHOTO_MAX_SIDE = 2048;
const PHOTO_KEEP_BYTES = 1500000;
// The daemons keep at most 20 attachments a finding or evidence.
const PHOTOS_MAX = 20;

// A photo as chosen, or re-encoded as JPEG at most PHOTO_MAX_SIDE when it is larger (EXIF
// orientation applied). Anything the browser cannot decode is kept as it is: the gateway
// decides on its content.
async function shrink (file) {
  if (file.size <= PHOTO_KEEP_BYTES) return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob && blob.size < file.size ? blob : file;
  } catch {
    return file;
  }
}

// A photo picker (camera on a phone): its element and photos() → [Blob].
export function photoPicker (name) {
  const blobs = [];
  const previews = h('div', { class: 'previews' });
  const input = h('input', { type: 'file', accept: 'image/*', capture: 'environment', multiple: true, name,
    class: 'photo-input' });
  function render () {
    previews.replaceChildren(...blobs.map((blob, i) => {
      const url = URL.createObjectURL(blob);
      return h('figure', { class: 'preview' },
        h('img', { src: url, alt: '', onload: () => URL.revokeObjectURL(url) }),
        h('button', { type: 'button', class: 'small', onclick: () => { blobs.splice(i, 1); render(); } }, t('remove')));
    }));
  }
  const full = h('p', { class: 'muted', hidden: true }, t('photos_max', { n: PHOTOS_MAX }));
  input.addEventListener('change', async () => {
    for (const file of Array.from(input.files)) if (blobs.length < PHOTOS_MAX) blobs.push(await shrink(file));
    input.value = '';
    full.hidden = blobs.length < PHOTOS_MAX;
    render();
  });
  const element = h('div', { class: 'photos' },
    h('label', { class: 'button secondary photo-button' }, t('add_photo'), input), previews, full);
  return { element, photos: () => blobs.slice() };
}

export function fmtTime (ms) {
  const date = new Date(Number(ms));
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function fmtDateTime (ms) {
  const date = new Date(Number(ms));
  return `${localDate(date)} ${fmtTime(ms)}`;
}

// YYYY-MM-DD of date in the device's time zone (a phone at the plant is in the plant's).
export function localDate (date = new Date()) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
