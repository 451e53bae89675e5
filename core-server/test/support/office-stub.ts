/**
 * A stand-in for office.js in Chromium: the task pane loads it from Microsoft's URL, which the test routes here.
 * It plays PowerPoint with an in-page presentation (window.__office.slides), records every host call and tag
 * written, and opens the sign-in dialog as a real popup whose messageParent reaches the pane.
 */
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface StubShape {
  id: string;
  type: 'Image' | 'GeometricShape';
  tags: Array<{ key: string; value: string }>;
  altTextTitle: string;
  altTextDescription: string;
  /** What getImageAsBase64 returns (base64). */
  image: string;
}

export interface StubState {
  displayLanguage: string;
  slides: Array<{ id: string; shapes: StubShape[] }>;
}

/** The script body; `state` seeds the presentation in the pane (the dialog ignores it). */
export function officeStubScript(state: StubState): string {
  return `(() => {
  const isDialog = location.pathname.endsWith('/dialog.html');
  const calls = [];
  const settings = new Map();
  const office = window.__office = { calls, settings, slides: isDialog ? [] : ${JSON.stringify(state.slides)}, selectedSlide: 0, selectedShape: null, dialog: null };
  const record = (name, args) => calls.push({ name, args });
  const ok = (value) => ({ status: 'succeeded', value });
  let nextId = 100;

  function shapeApi(slide, s) {
    return {
      get id() { return s.id; }, get type() { return s.type; }, get name() { return s.name || ''; }, set name(v) { s.name = v; },
      get altTextTitle() { return s.altTextTitle; }, set altTextTitle(v) { s.altTextTitle = v; record('altTextTitle', [s.id, v]); },
      get altTextDescription() { return s.altTextDescription; }, set altTextDescription(v) { s.altTextDescription = v; },
      left: 10, top: 10, width: 300, height: 200,
      tags: { get items() { return s.tags; }, add(key, value) { record('tags.add', [s.id, key, value]); s.tags = s.tags.filter((t) => t.key !== key).concat({ key, value }); }, load() { return this; } },
      delete() { record('shape.delete', [s.id]); slide.shapes = slide.shapes.filter((x) => x !== s); },
      getImageAsBase64() { record('getImageAsBase64', [s.id]); return { value: s.image }; },
      load() { return this; },
    };
  }
  function slideApi(slide) {
    return {
      get id() { return slide.id; },
      shapes: { get items() { return slide.shapes.map((s) => shapeApi(slide, s)); }, load() { return this; } },
      setSelectedShapes(ids) { record('setSelectedShapes', [slide.id, ids]); office.selectedShape = ids[0]; },
      load() { return this; },
    };
  }
  window.PowerPoint = {
    run: async (callback) => callback({
      presentation: {
        slides: { get items() { return office.slides.map(slideApi); }, load() { return this; } },
        getSelectedShapes() {
          const slide = office.slides[office.selectedSlide];
          const shape = slide && slide.shapes.find((s) => s.id === office.selectedShape);
          return { items: shape ? [shapeApi(slide, shape)] : [], load() { return this; } };
        },
        setSelectedSlides(ids) { record('setSelectedSlides', [ids]); office.selectedSlide = Math.max(0, office.slides.findIndex((s) => s.id === ids[0])); },
      },
      sync: async () => undefined,
    }),
  };

  const handlers = {};
  window.Office = {
    HostType: { Word: 'Word', PowerPoint: 'PowerPoint' },
    CoercionType: { Image: 'image' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    onReady(callback) { const info = { host: 'PowerPoint', platform: 'OfficeOnline' }; setTimeout(() => callback && callback(info)); return Promise.resolve(info); },
    context: {
      host: 'PowerPoint',
      displayLanguage: ${JSON.stringify(state.displayLanguage)},
      requirements: { isSetSupported: () => true },
      document: {
        url: '',
        settings: {
          get: (k) => (settings.has(k) ? JSON.parse(settings.get(k)) : null),
          set: (k, v) => settings.set(k, JSON.stringify(v)),
          saveAsync: (cb) => { record('settings.saveAsync', [Object.fromEntries(settings)]); cb && cb(ok()); },
        },
        setSelectedDataAsync(data, options, cb) {
          record('setSelectedDataAsync', [data.length, options]);
          const slide = office.slides[office.selectedSlide];
          const shape = { id: String(nextId++), type: 'Image', tags: [], altTextTitle: '', altTextDescription: '', image: data };
          slide.shapes.push(shape);
          office.selectedShape = shape.id;
          cb(ok());
        },
      },
      ui: {
        displayDialogAsync(url, options, cb) {
          record('displayDialogAsync', [url]);
          const popup = window.open(url, 'likeness-dialog');
          if (!popup) return cb({ status: 'failed', error: { message: 'blocked' } });
          window.__officeDialogMessage = (message) => handlers.dialogMessageReceived && handlers.dialogMessageReceived({ message });
          cb(ok({ addEventHandler: (type, handler) => { handlers[type] = handler; }, close: () => popup.close() }));
        },
        messageParent(message) { window.opener.__officeDialogMessage(message); },
      },
    },
  };
})();`;
}
