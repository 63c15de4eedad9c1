// "Contar una reparación": the phone form. Drafts kept on the device as the worker
// types (text in localStorage, photos in IndexedDB: both work from file://), photos
// reduced in a canvas, the front matter checked with the project's JSON Schema
// (data.js, written by `kb schema`), and a .zip holding content/repairs/<id>/ that
// `kb import` accepts. Plain script, no build step, no network.
'use strict';

(function () {
  const KB = window.KB_FORM;
  const LANG = window.KB_LANG;
  const TEXT = window.KB_TEXT;
  const WORDS = window.KB_WORDS;
  const INDEX_KEY = 'kb-form-drafts-v1';
  const DRAFT_PREFIX = 'kb-form-draft-v1:';
  const MAX_EDGE = 1600;
  const JPEG_QUALITY = 0.82;
  const MANIFEST = 'kb-paquete.json';
  const $ = (id) => document.getElementById(id);
  const form = $('f');

  function say(key, params) {
    return (TEXT[key] || key).replace(/\{(\w+)\}/g, (_, k) => (params && params[k] != null ? params[k] : ''));
  }

  // ---------- state: one draft at a time, many kept ----------

  let draftId = null;
  let steps = [];   // [{text}]
  let parts = [];   // [{name, origin}]
  let photos = [];  // [{n, name, alt, width, height, bytes, step (index or null), blob}]

  function newId() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 6); }

  function readIndex() {
    try { return JSON.parse(localStorage.getItem(INDEX_KEY) || '{}') || {}; } catch (e) { return {}; }
  }

  function fieldValues() {
    const values = {};
    for (const el of form.querySelectorAll('input[id], select[id], textarea[id]')) {
      if (el.type === 'file') continue;
      values[el.id] = el.type === 'checkbox' ? el.checked : el.value;
    }
    return values;
  }

  function saveDraft() {
    clearTimeout(saveTimer);
    if (!draftId) draftId = newId();
    const draft = {
      savedAt: new Date().toISOString(), fields: fieldValues(), steps, parts,
      photos: photos.map(({ n, name, alt, width, height, bytes, step }) => ({ n, name, alt, width, height, bytes, step })),
    };
    try {
      localStorage.setItem(DRAFT_PREFIX + draftId, JSON.stringify(draft));
      const index = readIndex();
      index[draftId] = { savedAt: draft.savedAt, title: draft.fields.title || [draft.fields.equipment_name, draft.fields.plant_name].filter(Boolean).join(' — ') };
      localStorage.setItem(INDEX_KEY, JSON.stringify(index));
      $('saved').textContent = say('saved_at', { time: new Date().toLocaleTimeString(LANG, { hour: '2-digit', minute: '2-digit' }) });
    } catch (err) {
      $('saved').textContent = say('not_saved', { error: err.message });
    }
    listDrafts();
  }
  let saveTimer = null;
  function saveSoon() { clearTimeout(saveTimer); saveTimer = setTimeout(saveDraft, 300); }

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open('kb-form', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('photos');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function photoStore(mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction('photos', mode);
      const req = fn(tx.objectStore('photos'));
      tx.oncomplete = () => { db.close(); resolve(req ? req.result : undefined); };
      tx.onerror = () => { db.close(); reject(tx.error); };
    });
  }
  const photoKey = (n) => `${draftId}/${n}`;
  const putPhoto = (n, blob) => photoStore('readwrite', (s) => s.put(blob, photoKey(n)));
  const getPhoto = (n) => photoStore('readonly', (s) => s.get(photoKey(n)));
  const dropPhoto = (key) => photoStore('readwrite', (s) => s.delete(key));

  async function loadDraft(id) {
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(DRAFT_PREFIX + id) || 'null'); } catch (e) { draft = null; }
    draftId = id;
    form.reset();
    for (const [key, value] of Object.entries((draft && draft.fields) || {})) {
      const el = $(key);
      if (!el) continue;
      if (el.type === 'checkbox') el.checked = !!value; else el.value = value;
    }
    steps = (draft && draft.steps) || [{ text: '' }];
    parts = (draft && draft.parts) || [];
    photos = (draft && draft.photos) || [];
    for (const p of photos) {
      try { p.blob = await getPhoto(p.n); } catch (e) { p.blob = null; }
    }
    for (const sel of form.querySelectorAll('select[data-vocab]')) showOther(sel);
    renderRows();
    renderPhotos();
    listDrafts();
    if (draft) $('saved').textContent = say('restored') + ' ' + new Date(draft.savedAt).toLocaleString(LANG);
  }

  function listDrafts() {
    const index = readIndex();
    const list = $('drafts');
    list.textContent = '';
    const ids = Object.keys(index).sort((a, b) => (index[b].savedAt || '').localeCompare(index[a].savedAt || ''));
    for (const id of ids) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = (index[id].title || say('untitled')) + ' · ' + new Date(index[id].savedAt).toLocaleString(LANG);
      a.setAttribute('aria-current', String(id === draftId));
      a.addEventListener('click', (ev) => { ev.preventDefault(); saveDraft(); loadDraft(id).then(() => show(0)); });
      li.append(a);
      list.append(li);
    }
  }

  async function deleteDraft() {
    if (!draftId || !window.confirm(say('confirm_delete'))) return;
    const gone = draftId;
    for (const p of photos) await dropPhoto(`${gone}/${p.n}`).catch(() => {});
    localStorage.removeItem(DRAFT_PREFIX + gone);
    const index = readIndex();
    delete index[gone];
    localStorage.setItem(INDEX_KEY, JSON.stringify(index));
    const next = Object.keys(index)[0];
    await loadDraft(next || newId());
    show(0);
  }

  // ---------- vocabularies: labels in the reader's language; "other" becomes x-<word> ----------

  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  function slug(text, max) {
    let s = fold(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    if (s.length > max) s = s.slice(0, max).replace(/-[^-]*$/, '').replace(/-+$/, '');
    return s;
  }

  function fillSelect(sel) {
    const v = KB.vocab[sel.dataset.vocab];
    sel.append(new Option(WORDS.choose, ''));
    const terms = Object.entries(v.terms).filter(([k]) => k !== 'unknown' && k !== 'unspecified')
      .sort((a, b) => a[1][LANG].localeCompare(b[1][LANG], LANG));
    for (const [key, labels] of terms) sel.append(new Option(labels[LANG], key));
    if (v.open) sel.append(new Option(WORDS.other, '__other'));
    const unknown = v.terms.unknown ? 'unknown' : (v.terms.unspecified ? 'unspecified' : null);
    if (unknown) sel.append(new Option(sel.dataset.unknown || v.terms[unknown][LANG], unknown));
  }

  function showOther(sel) {
    const other = form.querySelector(`[data-other-of="${sel.id}"]`);
    if (other) other.parentElement.hidden = sel.value !== '__other';
  }

  function vocabValue(sel) {
    if (sel.value !== '__other') return sel.value;
    const other = form.querySelector(`[data-other-of="${sel.id}"]`);
    const word = slug(other ? other.value : '', 40);
    return word ? `x-${word}` : '';
  }

  // ---------- repeated rows: steps (each with photos) and parts ----------

  // renderRows() rebuilds the step rows and with them the boxes of step photos: renderPhotos() after it
  function renderRows() {
    const stepList = $('step_list');
    stepList.textContent = '';
    steps.forEach((step, i) => {
      const li = $('step_row').content.firstElementChild.cloneNode(true);
      li.querySelector('.n').textContent = String(i + 1);
      const text = li.querySelector('.step-text');
      text.id = `step_${i}`;
      li.querySelector('label').htmlFor = text.id;
      text.value = step.text;
      text.addEventListener('input', () => { step.text = text.value; saveSoon(); });
      const file = li.querySelector('.step-photo');
      file.id = `step_photo_${i}`;
      file.addEventListener('change', () => { addPhotos([...file.files], i); file.value = ''; });
      li.querySelector('.remove').addEventListener('click', () => {
        steps.splice(i, 1);
        photos.forEach((p) => { if (p.step === i) p.step = null; else if (p.step > i) p.step -= 1; });
        renderRows(); renderPhotos(); saveDraft();
      });
      stepList.append(li);
    });
    const partList = $('part_list');
    partList.textContent = '';
    parts.forEach((part, i) => {
      const li = $('part_row').content.firstElementChild.cloneNode(true);
      const name = li.querySelector('.part-name');
      const origin = li.querySelector('.part-origin');
      name.id = `part_${i}`; origin.id = `part_origin_${i}`;
      li.querySelectorAll('label')[0].htmlFor = name.id;
      li.querySelectorAll('label')[1].htmlFor = origin.id;
      fillSelect(origin);
      name.value = part.name; origin.value = part.origin;
      name.addEventListener('input', () => { part.name = name.value; saveSoon(); });
      origin.addEventListener('change', () => { part.origin = origin.value; saveSoon(); });
      li.querySelector('.remove').addEventListener('click', () => { parts.splice(i, 1); renderRows(); renderPhotos(); saveDraft(); });
      partList.append(li);
    });
  }

  // ---------- photos: decode, apply the orientation, reduce, re-encode (no metadata) ----------

  async function reducePhoto(file) {
    if (/\.(heic|heif)$/i.test(file.name) || /heic|heif/i.test(file.type)) throw new Error('HEIC');
    // createImageBitmap applies the EXIF orientation; the canvas writes a bare JPEG,
    // so EXIF, GPS and maker notes stay behind.
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const canvas = document.createElement('canvas');
    canvas.width = width; canvas.height = height;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, width, height);   // transparency -> white
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    if (!blob) throw new Error('JPEG');
    return { blob, width, height };
  }

  async function addPhotos(files, step) {
    if (!draftId) draftId = newId();
    for (const file of files) {
      const n = photos.reduce((m, p) => Math.max(m, p.n), 0) + 1;
      try {
        const started = performance.now();
        const { blob, width, height } = await reducePhoto(file);
        window.kbLastReduceMs = performance.now() - started;
        await putPhoto(n, blob);
        photos.push({ n, name: `foto-${n}.jpg`, alt: '', width, height, bytes: blob.size,
                      step: step == null ? null : step, source: file.size, blob });
      } catch (err) {
        showError(say('unreadable', { name: file.name }));
      }
    }
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    renderPhotos();
    saveDraft();
  }

  function showError(message) {
    // one notice above the form, whichever screen the photo was added from
    const box = $('notice');
    box.textContent = message;
    box.hidden = false;
    box.scrollIntoView({ block: 'start' });
  }

  function photoCard(p) {
    const div = document.createElement('div');
    div.className = 'photo';
    const img = document.createElement('img');
    if (p.blob) img.src = URL.createObjectURL(p.blob);
    img.alt = '';
    const right = document.createElement('div');
    const label = document.createElement('label');
    label.textContent = say('what_shows');
    label.className = 'req';
    const alt = document.createElement('input');
    alt.type = 'text';
    alt.id = `alt_${p.n}`;
    alt.value = p.alt;
    alt.addEventListener('input', () => { p.alt = alt.value; saveSoon(); });
    label.htmlFor = alt.id;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = `${p.name}: ${p.width} × ${p.height} px, ${Math.round(p.bytes / 1024)} KB` + (p.blob ? '' : ` — ${say('missing_image')}`);
    const remove = document.createElement('button');
    remove.type = 'button'; remove.className = 'plain small'; remove.textContent = say('remove');
    remove.addEventListener('click', async () => {
      photos = photos.filter((q) => q !== p);
      await dropPhoto(photoKey(p.n)).catch(() => {});
      renderPhotos(); saveDraft();
    });
    right.append(label, alt, meta, remove);
    div.append(img, right);
    return div;
  }

  function renderPhotos() {
    $('photos').textContent = '';
    for (const box of form.querySelectorAll('.step-photos')) box.textContent = '';
    const boxes = form.querySelectorAll('.step-photos');
    for (const p of photos) {
      const target = p.step != null && boxes[p.step] ? boxes[p.step] : $('photos');
      target.append(photoCard(p));
    }
  }

  // ---------- from the fields to the document ----------

  const lines = (text) => text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);

  function setPath(obj, path, value) {
    const keys = path.split('.');
    let o = obj;
    for (const k of keys.slice(0, -1)) o = (o[k] = o[k] || {});
    o[keys[keys.length - 1]] = value;
  }

  function frontMatter() {
    const fm = { id: '', title: '', lang: LANG, summary: '', status: 'first-hand', authors: [],
                 license: 'CC-BY-SA-4.0', plant: { country: 'VE' }, equipment: {}, failure: { symptoms: [] }, outcome: {} };
    for (const el of form.querySelectorAll('[data-path]')) {
      const raw = el.tagName === 'SELECT' ? vocabValue(el) : el.value.trim();
      if (raw === '') continue;
      let value = raw;
      if (el.dataset.type === 'int') value = /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (el.dataset.type === 'num') value = /^-?\d+([.,]\d+)?$/.test(raw) ? Number(raw.replace(',', '.')) : raw;
      if (el.dataset.type === 'lines') value = lines(raw);
      setPath(fm, el.dataset.path, value);
    }
    // "Otro…" keeps only a slug in the class (x-molino-de-cana): the worker's own words,
    // accents and ñ included, become the machine's name when it has none.
    const otherClass = form.querySelector('[data-other-of="equipment_class"]');
    if (!fm.equipment.name && $('equipment_class').value === '__other' && otherClass && otherClass.value.trim()) {
      fm.equipment.name = otherClass.value.trim();
    }
    fm.id = slug(`${fm.plant.name || ''} ${fm.equipment.name || ''}`, 80);
    const tools = lines($('tools').value).map((name) => ({ name, improvised: true }));
    if (tools.length) fm.tools = tools;
    const madeParts = parts.filter((p) => p.name.trim() || p.origin).map((p) => ({ name: p.name.trim(), origin: p.origin }));
    if (madeParts.length) fm.parts = madeParts;
    if (photos.length) fm.images = photos.map((p) => ({ path: p.name, alt: p.alt.trim() }));
    return fm;
  }

  function ordered(value, order) {
    if (Array.isArray(value)) return value.map((v) => ordered(v, order));
    if (!value || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const known = order && typeof order === 'object' ? Object.keys(order) : [];
    keys.sort((a, b) => ((known.indexOf(a) + 1) || 999) - ((known.indexOf(b) + 1) || 999));
    const out = {};
    for (const k of keys) out[k] = ordered(value[k], order && order[k]);
    return out;
  }

  function yamlScalar(v) {
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(String(v));   // a JSON string is a valid YAML double-quoted scalar
  }

  function toYaml(value, indent) {
    const out = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) {
        if (!v.length) { out.push(`${indent}${k}: []`); continue; }
        out.push(`${indent}${k}:`);
        for (const item of v) {
          if (item && typeof item === 'object') {
            const inner = toYaml(item, indent + '    ').split('\n');
            out.push(`${indent}  - ${inner[0].trimStart()}`, ...inner.slice(1));
          } else out.push(`${indent}  - ${yamlScalar(item)}`);
        }
      } else if (typeof v === 'object') {
        const inner = toYaml(v, indent + '  ');
        if (inner) out.push(`${indent}${k}:`, inner);
      } else out.push(`${indent}${k}: ${yamlScalar(v)}`);
    }
    return out.join('\n');
  }

  const TAG = /<(?=[A-Za-z/!?])/g;   // what kb check reports as raw HTML
  function bodyText(text, fallback) {
    const t = text.replace(/\r\n?/g, '\n').trim();
    if (!t) return fallback;
    return t.replace(TAG, '&lt;').split('\n').map((l) => (/^\s*(#|!!!|---|===)/.test(l) ? '\\' + l.trimStart() : l)).join('\n');
  }

  const heading = (key) => KB.vocab.repair_section.terms[key][LANG];

  function markdown(fm) {
    const none = say('not_described');
    const stepLines = [];
    steps.filter((s) => s.text.trim()).forEach((s, i) => {
      stepLines.push(`${i + 1}. ${bodyText(s.text.replace(/\n+/g, ' '), '')}`);
      for (const p of photos.filter((q) => q.step === steps.indexOf(s))) {
        stepLines.push('', `    ![${p.alt.trim().replace(/[[\]]/g, '')}](${p.name})`);
      }
      stepLines.push('');
    });
    const safety = fm.safety || [];
    const body = [
      `## ${heading('context')}`, '', bodyText($('context').value, none), '',
      `## ${heading('diagnosis')}`, '', bodyText($('diagnosis').value, none), '',
      `## ${heading('repair')}`, '', ...(stepLines.length ? stepLines : [none, '']),
      ...(safety.length ? [`!!! warning "${say('safety_title')}"`, ...safety.map((s) => `    - ${bodyText(s, '')}`), ''] : []),
      `## ${heading('result')}`, '', bodyText($('result').value, none), '',
      `## ${heading('lessons')}`, '', bodyText($('lessons').value, none), '',
    ];
    return `---\n${toYaml(ordered(fm, KB.order), '')}\n---\n\n${body.join('\n')}`;
  }

  // ---------- checks: the project's JSON Schema, then the rules it cannot say ----------

  const validator = new window.CfwValidator(KB.schema, '2020-12', false);

  function labelOf(el) {
    const lab = form.querySelector(`label[for="${el.id}"]`);
    return lab ? lab.childNodes[0].textContent.trim() : el.id;
  }
  function where(path) {
    const el = form.querySelector(`[data-path="${path}"]`) || form.querySelector(`[data-path="${path.replace(/\.\d+$/, '')}"]`);
    if (el) return { target: el.id, field: labelOf(el) };
    if (path === 'id') return { target: 'plant_name', field: say('id_field') };
    if (path === 'steps') return { target: 'step_0', field: $('step_list').previousElementSibling.textContent.trim() };
    if (path === 'consent') return { target: 'consent_people', field: say('consent') };
    const part = /^parts\.(\d+)/.exec(path);
    if (part) return { target: `part_${part[1]}`, field: labelOf($(`part_${part[1]}`) || $('add_part')) };
    if (/^tools/.test(path)) return { target: 'tools', field: labelOf($('tools')) };
    const image = /^images\.(\d+)/.exec(path);
    if (image && photos[image[1]]) return { target: `alt_${photos[image[1]].n}`, field: `${say('photo')} ${Number(image[1]) + 1}` };
    return { target: null, field: path };
  }

  function problem(code, path, params) {
    const c = (KB.codes[code] || {})[LANG] || { message: code, hint: '' };
    const at = where(path);
    const all = Object.assign({ field: at.field }, params || {});
    const fill = (t) => t.replace(/\{(\w+)\}/g, (_, k) => (all[k] != null ? all[k] : ''));
    return { code, path, field: at.field, target: at.target, message: fill(c.message), hint: fill(c.hint) };
  }

  function schemaAt(keywordLocation) {
    const resolve = (ref) => ref.replace(/^#\/?/, '').split('/').reduce((n, k) => n[k], KB.schema);
    const segs = keywordLocation.replace(/^#\/?/, '').split('/');
    return segs.slice(0, -1).reduce((node, seg) => (seg === '$ref' ? resolve(node.$ref) : node[seg]), KB.schema);
  }

  function schemaProblems(fm) {
    const { errors } = validator.validate(fm);
    const byPath = new Map();
    for (const e of errors) {
      if (['properties', '$ref', 'items', 'prefixItems', 'allOf', 'false'].includes(e.keyword)) continue;
      const path = e.instanceLocation.replace(/^#\/?/, '').replace(/\//g, '.');
      if (!byPath.has(path)) byPath.set(path, []);
      byPath.get(path).push(e);
    }
    const out = [];
    for (const [path, errs] of byPath) {
      const value = path.split('.').reduce((o, k) => (o == null ? o : o[k]), fm);
      const err = (kw) => errs.find((e) => e.keyword === kw);
      if (err('required')) {
        for (const e of errs.filter((x) => x.keyword === 'required')) {
          const name = (e.error.match(/"([^"]+)"/) || [])[1];
          out.push(problem('missing-field', path ? `${path}.${name}` : name, { name }));
        }
      } else if (path !== 'id' && typeof value === 'string' && !value.trim()) {
        // a blank text breaks the schema's "not blank" pattern: for the worker it is just empty
        out.push(problem('missing-field', path, { name: path.split('.').pop() }));
      } else if (err('pattern') && /date|since/.test(path)) out.push(problem('invalid-date', path, { value }));
      else if (err('pattern') || (path === 'id' && err('minLength'))) out.push(problem('invalid-slug', path, { value }));
      else if (err('enum') || (err('anyOf') && typeof value === 'string')) out.push(problem('unknown-term', path, { value }));
      else if (err('maximum') || err('minimum') || err('exclusiveMinimum')) {
        const node = schemaAt((err('maximum') || err('minimum') || err('exclusiveMinimum')).keywordLocation);
        const bounds = [node.minimum, node.maximum].filter((b) => b !== undefined).join(' – ');
        out.push(problem('out-of-range', path, { value, bounds }));
      } else if (err('maxLength')) out.push(problem('text-too-long', path, { count: String(value).length, limit: schemaAt(err('maxLength').keywordLocation).maxLength }));
      else if (err('maxItems')) out.push(problem('too-many-items', path, { count: value.length }));
      else if (err('type') || err('anyOf')) out.push(problem('wrong-type', path, { value }));
      else out.push(problem('invalid-value', path, { value }));
    }
    return out;
  }

  function ruleProblems(fm) {
    const out = [];
    if (!fm.authors || !fm.authors.length) out.push(problem('missing-authors', 'authors'));
    if (!fm.failure.symptoms.length) out.push(problem('missing-field', 'failure.symptoms'));
    if (!steps.some((s) => s.text.trim())) out.push(problem('missing-field', 'steps'));
    photos.forEach((p, i) => {
      if (!p.alt.trim()) out.push(problem('missing-alt', `images.${i}`, { value: p.name }));
    });
    if (!$('consent_people').checked || !$('consent_licence').checked) {
      out.push(problem('consent', 'consent'));
    }
    return out;
  }

  function check() {
    const fm = frontMatter();
    const problems = [...schemaProblems(fm), ...ruleProblems(fm)];
    const list = $('problems');
    list.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const p of problems) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '#' + (p.target || '');
      a.textContent = p.field;
      a.addEventListener('click', (ev) => { ev.preventDefault(); goTo(p.target); });
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = ` (${p.code})`;
      li.append(a, `: ${p.hint || p.message}`, code);
      list.append(li);
      if (p.target && $(p.target)) $(p.target).setAttribute('aria-invalid', 'true');
    }
    $('verdict').innerHTML = '';
    const verdict = document.createElement('span');
    verdict.className = problems.length ? 'bad' : 'ok';
    verdict.textContent = problems.length ? say('problems', { n: problems.length }) : say('all_good');
    $('verdict').append(verdict);
    $('save_row').hidden = problems.length > 0;
    preview(fm);
    return problems;
  }

  // ---------- the preview: the page as the site will show it ----------

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  const label = (vocabName, key) => {
    const terms = KB.vocab[vocabName].terms;
    return terms[key] ? terms[key][LANG] : (key || '').replace(/^x-/, '').replace(/-/g, ' ');
  };
  function figure(p) {
    const f = el('figure');
    const img = el('img');
    if (p.blob) img.src = URL.createObjectURL(p.blob);
    img.alt = p.alt;
    f.append(img, el('figcaption', p.alt));
    return f;
  }

  function preview(fm) {
    const box = $('preview');
    box.textContent = '';
    box.append(el('h1', fm.title || say('untitled')), el('p', fm.summary, 'summary'));
    const table = el('table');
    const rows = [
      [say('facts'), ''],
      [$('plant_name').labels[0].childNodes[0].textContent, [fm.plant.name, fm.plant.city, fm.plant.state].filter(Boolean).join(', ')],
      [labelOf($('equipment_class')), [fm.equipment.name, label('machine_class', fm.equipment.class)].filter(Boolean).join(' — ')],
      [labelOf($('failure_mode')), label('failure_mode', fm.failure.mode)],
      [labelOf($('outcome_status')), label('outcome_status', fm.outcome.status) +
        (fm.outcome.capacity_after_pct != null ? ` (${fm.outcome.capacity_before_pct ?? '?'} % → ${fm.outcome.capacity_after_pct} %)` : '')],
    ];
    for (const [k, v] of rows.slice(1)) {
      const tr = el('tr'); tr.append(el('th', k), el('td', v)); table.append(tr);
    }
    box.append(table);
    const section = (key, text) => {
      box.append(el('h2', heading(key)));
      for (const para of (text.trim() || say('not_described')).split(/\n\s*\n/)) box.append(el('p', para));
    };
    section('context', $('context').value);
    section('diagnosis', $('diagnosis').value);
    box.append(el('h2', heading('repair')));
    const ol = el('ol');
    steps.forEach((s, i) => {
      if (!s.text.trim()) return;
      const li = el('li', s.text);
      for (const p of photos.filter((q) => q.step === i)) li.append(figure(p));
      ol.append(li);
    });
    box.append(ol);
    if ((fm.safety || []).length) {
      const adm = el('div', null, 'admonition');
      adm.append(el('strong', say('safety_title')));
      const ul = el('ul');
      fm.safety.forEach((s) => ul.append(el('li', s)));
      adm.append(ul);
      box.append(adm);
    }
    section('result', $('result').value);
    section('lessons', $('lessons').value);
    for (const p of photos.filter((q) => q.step == null)) box.append(figure(p));
  }

  // ---------- the package: index.md, the photos, a manifest with checksums ----------

  // SHA-256 in plain JS: crypto.subtle is missing on plain http over a LAN.
  function sha256(bytes) {
    const K = new Uint32Array([0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
    const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const length = bytes.length;
    const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    const W = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3);
        const s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, h] = H;
      for (let i = 0; i < 64; i++) {
        const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    return Array.from(H, (x) => x.toString(16).padStart(8, '0')).join('');
  }

  async function buildZip() {
    const fm = frontMatter();
    const dir = `content/repairs/${fm.id}/`;
    const files = {};
    const manifest = { format: 1, kind: 'repair', id: fm.id, lang: LANG, created: new Date().toISOString(),
                       tool: 'contar-reparacion', files: [] };
    const add = (name, bytes, level) => {
      files[dir + name] = [bytes, { level }];
      manifest.files.push({ path: dir + name, bytes: bytes.length, sha256: sha256(bytes) });
    };
    add('index.md', window.fflate.strToU8(markdown(fm)), 6);
    for (const p of photos) {
      if (p.blob) add(p.name, new Uint8Array(await p.blob.arrayBuffer()), 0);   // JPEG: store as is
    }
    files[MANIFEST] = [window.fflate.strToU8(JSON.stringify(manifest, null, 2)), { level: 6 }];
    const zipped = window.fflate.zipSync(files, { mtime: new Date() });
    return { name: `${fm.id}.zip`, blob: new Blob([zipped], { type: 'application/zip' }) };
  }

  async function save() {
    if (check().length) return;
    const { name, blob } = await buildZip();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url; a.download = name;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    $('after_save').hidden = false;
    $('after_save').textContent = say('saved_zip', { name, kb: Math.round(blob.size / 1024) });
    // below the fold on a phone: where the file went is the one thing to read now
    $('after_save').scrollIntoView({ block: 'center' });
  }

  async function share() {
    if (check().length) return;
    const { name, blob } = await buildZip();
    const file = new File([blob], name, { type: 'application/zip' });
    if (navigator.canShare && navigator.canShare({ files: [file] })) {
      await navigator.share({ files: [file], title: name }).catch(() => {});
    }
  }

  // ---------- screens ----------

  const sections = [...form.querySelectorAll('section[data-title]')];
  let current = 0;
  function show(i) {
    current = Math.max(0, Math.min(sections.length - 1, i));
    sections.forEach((s, j) => { s.hidden = j !== current; });
    [...$('steps').children].forEach((b, j) => b.setAttribute('aria-current', j === current ? 'step' : 'false'));
    $('prev').disabled = current === 0;
    $('next').hidden = current === sections.length - 1;
    if (current === sections.length - 1) { suggestTexts(); preview(frontMatter()); }
    window.scrollTo(0, 0);
  }
  function goTo(id) {
    const target = id && $(id);
    if (!target) return;
    show(sections.findIndex((s) => s.contains(target)));
    target.focus();
    target.scrollIntoView({ block: 'center' });
  }
  function suggestTexts() {
    const fm = frontMatter();
    if (!$('title').value && fm.equipment.name && fm.plant.name) {
      $('title').value = `${fm.equipment.name} — ${fm.plant.name}`;
    }
    if (!$('summary').value && fm.equipment.name && fm.failure.mode) {
      $('summary').value = `${fm.equipment.name} (${fm.plant.name || ''}): ${label('failure_mode', fm.failure.mode).toLowerCase()}.` +
        (fm.outcome.status ? ` ${label('outcome_status', fm.outcome.status)}.` : '');
    }
  }

  async function init() {
    for (const sel of form.querySelectorAll('select[data-vocab]')) {
      fillSelect(sel);
      sel.addEventListener('change', () => showOther(sel));
    }
    sections.forEach((s, i) => {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = `${i + 1}. ${s.dataset.title}`;
      b.addEventListener('click', () => show(i));
      $('steps').append(b);
    });
    form.addEventListener('input', (ev) => { ev.target.removeAttribute('aria-invalid'); saveSoon(); });
    form.addEventListener('change', saveSoon);
    // the battery may die or the tab be closed: write at once when the page is hidden
    document.addEventListener('visibilitychange', () => { if (document.hidden) saveDraft(); });
    window.addEventListener('pagehide', saveDraft);
    $('photo_input').addEventListener('change', (ev) => { addPhotos([...ev.target.files], null); ev.target.value = ''; });
    $('add_step').addEventListener('click', () => { steps.push({ text: '' }); renderRows(); renderPhotos(); $(`step_${steps.length - 1}`).focus(); saveSoon(); });
    $('add_part').addEventListener('click', () => { parts.push({ name: '', origin: '' }); renderRows(); renderPhotos(); $(`part_${parts.length - 1}`).focus(); saveSoon(); });
    $('prev').addEventListener('click', () => show(current - 1));
    $('next').addEventListener('click', () => show(current + 1));
    $('check').addEventListener('click', check);
    $('save').addEventListener('click', save);
    $('share').addEventListener('click', share);
    $('new_draft').addEventListener('click', async () => { saveDraft(); await loadDraft(newId()); show(0); });
    $('delete_draft').addEventListener('click', deleteDraft);
    $('share').hidden = !(navigator.canShare && navigator.canShare({ files: [new File(['x'], 'x.zip', { type: 'application/zip' })] }));
    const index = readIndex();
    const last = Object.keys(index).sort((a, b) => (index[b].savedAt || '').localeCompare(index[a].savedAt || ''))[0];
    await loadDraft(last || newId());
    show(0);
    window.kbForm = { frontMatter, markdown, check, buildZip, sha256, drafts: readIndex };
    document.body.dataset.ready = 'true';
  }

  init();
}());
