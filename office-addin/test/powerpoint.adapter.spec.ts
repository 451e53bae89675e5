import { beforeEach, describe, expect, it } from 'vitest';
import { HostActionError } from '../src/adapters/host-adapter';
import { PowerPointAdapter } from '../src/adapters/powerpoint.adapter';
import { MockWorld, installOffice } from './support/office-mocks';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

interface ShapeSpec {
  id: string;
  type: string;
  tag?: string;
  altTextTitle?: string;
  png?: string;
}

/** A presentation as office-addin-mock objects; `selected` is what PowerPoint selects after an insert. */
function presentation(world: MockWorld, slides: ShapeSpec[][]) {
  const shape = (spec: ShapeSpec, slideId: string): any =>
    world.mock(
      {
        id: spec.id,
        name: `Picture ${spec.id}`,
        type: spec.type,
        altTextTitle: spec.altTextTitle ?? '',
        altTextDescription: '',
        left: 10,
        top: 20,
        width: 300,
        height: 200,
        tags: {
          items: spec.tag ? [{ key: 'LIKENESS_ASSET', value: spec.tag }] : [],
          add: (key: string, value: string) => world.record('tags.add', spec.id, key, value),
        },
        delete: () => world.record('shape.delete', slideId, spec.id),
        getImageAsBase64: (options: unknown) => {
          world.record('getImageAsBase64', spec.id, options);
          return { value: spec.png ?? '' };
        },
      },
      'powerpoint',
    );
  const slideMocks = slides.map((shapes, index) => {
    const id = `${256 + index}#`;
    const slide = world.mock({ id, setSelectedShapes: (ids: string[]) => world.record('setSelectedShapes', id, ids) }, 'powerpoint');
    // A navigation property: reachable without load, like in PowerPoint.
    const collection = world.mock({ items: shapes.map((s) => shape(s, id)) }, 'powerpoint');
    slide.shapes = collection;
    return slide;
  });
  const inserted = shape({ id: 'new', type: 'Image' }, slideMocks[0]?.id ?? '');
  const root = world.mock(
    {
      presentation: {
        setSelectedSlides: (ids: string[]) => world.record('setSelectedSlides', ids),
        getSelectedShapes: () => world.mock({ items: [inserted] }, 'powerpoint'),
      },
    },
    'powerpoint',
  );
  root.presentation.slides = world.mock({ items: slideMocks }, 'powerpoint');
  const context = world.context(root);
  (globalThis as any).PowerPoint = { run: async (callback: (c: unknown) => Promise<unknown>) => callback(context) };
  return { inserted };
}

describe('PowerPointAdapter with office-addin-mock', () => {
  let world: MockWorld;
  beforeEach(() => {
    world = new MockWorld();
    installOffice(world, 'PowerPoint', { PowerPointApi: '1.10', ImageCoercion: '1.1' });
  });

  it('inserts through setSelectedDataAsync with image coercion, sized for the slide, and tags the new shape twice', async () => {
    const { inserted } = presentation(world, [[]]);
    await new PowerPointAdapter().insertImage({ base64: 'aGVsbG8=', assetId: A, title: 'Klassfoto', width: 4000, height: 3000 });
    const [[data, options]] = world.callsOf('setSelectedDataAsync') as [[string, Record<string, unknown>]];
    expect(data).toBe('aGVsbG8=');
    expect(options).toMatchObject({ coercionType: 'image', imageWidth: 480, imageHeight: 360 });
    expect(world.callsOf('tags.add')).toEqual([['new', 'LIKENESS_ASSET', A]]);
    expect(inserted.altTextTitle).toBe(`likeness:${A}`);
    expect(inserted.altTextDescription).toBe('Klassfoto');
  });

  it('lists only images, with their slide and the asset id from the shape tag or the alt text', async () => {
    presentation(world, [
      [{ id: '1', type: 'Image', tag: A }, { id: '2', type: 'GeometricShape' }],
      [{ id: '3', type: 'Image', altTextTitle: `likeness:${B}` }, { id: '4', type: 'Image' }],
    ]);
    const images = await new PowerPointAdapter().listImages();
    expect(images.map((i) => [i.location.number, i.assetId])).toEqual([[1, A], [2, B], [2, null]]);
    expect(images.every((i) => i.location.kind === 'slide')).toBe(true);
  });

  it('renders an untagged image as PNG for the content lookup, selects it and removes it', async () => {
    presentation(world, [[{ id: '9', type: 'Image', png: 'iVBORw0KGgo=' }]]);
    const adapter = new PowerPointAdapter();
    const [image] = await adapter.listImages();
    expect(await adapter.imageBytes(image!.ref)).toBe('iVBORw0KGgo=');
    expect(world.callsOf('getImageAsBase64')).toEqual([['9', { format: 'Png' }]]);
    await adapter.select(image!.ref);
    expect(world.callsOf('setSelectedSlides')).toEqual([[['256#']]]);
    expect(world.callsOf('setSelectedShapes')).toEqual([['256#', ['9']]]);
    await adapter.remove(image!.ref);
    expect(world.callsOf('shape.delete')).toEqual([['256#', '9']]);
  });

  it('replaces an image by deleting it first (PowerPoint refuses to insert over a selected picture) and inserting in its box', async () => {
    presentation(world, [[{ id: '5', type: 'Image', tag: A }]]);
    const adapter = new PowerPointAdapter();
    const [image] = await adapter.listImages();
    await adapter.replace(image!.ref, { base64: 'QUJD', assetId: B, title: 'Ersättning', width: 600, height: 300 });
    expect(world.calls.map((c) => c.name).filter((n) => n === 'shape.delete' || n === 'setSelectedDataAsync')).toEqual(['shape.delete', 'setSelectedDataAsync']);
    expect(world.callsOf('setSelectedDataAsync')[0]![1]).toMatchObject({ imageLeft: 10, imageTop: 20, imageWidth: 300, imageHeight: 150 });
    expect(world.callsOf('tags.add')).toEqual([['new', 'LIKENESS_ASSET', B]]);
  });

  it('turns a refused insert into a HostActionError the pane can explain', async () => {
    presentation(world, [[]]);
    (globalThis as any).failNextInsert = 'The current selection is not supported.';
    await expect(new PowerPointAdapter().insertImage({ base64: 'AA==', assetId: A, title: 't', width: 10, height: 10 })).rejects.toMatchObject({
      name: 'HostActionError',
      reason: 'image_selected',
    });
    expect(world.callsOf('tags.add')).toEqual([]);
    expect(HostActionError).toBeDefined();
  });

  it('degrades on PowerPoint without PowerPointApi 1.10: one tag, no rendered bytes, and says why', async () => {
    installOffice(world, 'PowerPoint', { PowerPointApi: '1.5', ImageCoercion: '1.1' });
    const { inserted } = presentation(world, [[{ id: '1', type: 'Image' }]]);
    const adapter = new PowerPointAdapter();
    expect(adapter.can('insert')).toBe(true);
    expect(adapter.can('readBytes')).toBe(false);
    expect(adapter.missing).toContainEqual({ capability: 'tagTwice', requirement: 'PowerPointApi 1.10' });
    await adapter.insertImage({ base64: 'AA==', assetId: A, title: 't', width: 10, height: 10 });
    expect(world.callsOf('tags.add')).toEqual([['new', 'LIKENESS_ASSET', A]]);
    expect(inserted.altTextTitle).not.toBe(`likeness:${A}`);
    const [image] = await adapter.listImages();
    expect(await adapter.imageBytes(image!.ref)).toBeNull();
  });
});
