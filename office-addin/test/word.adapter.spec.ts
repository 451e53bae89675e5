import { beforeEach, describe, expect, it } from 'vitest';
import { DocumentChangedError } from '../src/adapters/host-adapter';
import { WordAdapter } from '../src/adapters/word.adapter';
import { MockWorld, installOffice } from './support/office-mocks';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

interface PictureSpec {
  altTextTitle: string;
  altTextDescription?: string;
  controlTag: string | null;
  base64?: string;
}

/** A Word document as office-addin-mock objects: the body's inline pictures, each maybe inside a content control. */
function wordDocument(world: MockWorld, specs: PictureSpec[]) {
  const inserted: any[] = [];
  const newPicture = (): any => {
    const control = world.mock({ tag: '', title: '' }, 'word');
    const picture = world.mock(
      {
        altTextTitle: '',
        altTextDescription: '',
        width: 0,
        height: 0,
        lockAspectRatio: false,
        insertContentControl: () => {
          world.record('insertContentControl');
          picture.createdControl = control;
          return control;
        },
      },
      'word',
    );
    inserted.push(picture);
    return picture;
  };
  const pictures = specs.map((spec, index) => {
    const picture = world.mock(
      {
        altTextTitle: spec.altTextTitle,
        altTextDescription: spec.altTextDescription ?? '',
        parentContentControlOrNullObject: {
          tag: spec.controlTag ?? '',
          delete: (keepContent: boolean) => world.record('control.delete', index, keepContent),
        },
        select: () => world.record('select', index),
        delete: () => world.record('picture.delete', index),
        getBase64ImageSrc: () => ({ value: spec.base64 ?? '' }),
        insertInlinePictureFromBase64: (base64: string, location: string) => {
          world.record('picture.replace', index, base64.length, location);
          return newPicture();
        },
        insertContentControl: () => newPicture().insertContentControl(),
      },
      'word',
    );
    // Outside the load model, as in Office: known once the control was loaded.
    picture.parentContentControlOrNullObject.isNullObject = spec.controlTag === null;
    return picture;
  });
  const collection = world.mock({ items: pictures }, 'word');
  const root = world.mock(
    {
      document: {
        getSelection: () => ({
          insertInlinePictureFromBase64: (base64: string, location: string) => {
            world.record('selection.insert', base64.length, location);
            return newPicture();
          },
        }),
        body: {},
      },
    },
    'word',
  );
  root.document.body.inlinePictures = collection;
  const context = world.context(root);
  (globalThis as any).Word = { run: async (callback: (c: unknown) => Promise<unknown>) => callback(context) };
  return { pictures, inserted };
}

describe('WordAdapter with office-addin-mock', () => {
  let world: MockWorld;
  beforeEach(() => {
    world = new MockWorld();
    installOffice(world, 'Word', { WordApi: '1.3' });
  });

  it('inserts an inline picture at the cursor, fitted to the column, tagged in the content control and the alt text', async () => {
    const doc = wordDocument(world, []);
    await new WordAdapter().insertImage({ base64: 'aGVsbG8=', assetId: A, title: 'Skolgården', width: 2400, height: 1600 });
    expect(world.callsOf('selection.insert')).toEqual([[8, 'Replace']]);
    const picture = doc.inserted[0];
    expect(picture.altTextTitle).toBe(`likeness:${A}`);
    expect(picture.altTextDescription).toBe('Skolgården');
    expect(picture.createdControl.tag).toBe(`likeness:${A}`);
    expect(picture.width).toBe(450);
    expect(picture.height).toBe(300);
    expect(picture.lockAspectRatio).toBe(true);
  });

  it('lists pictures with the asset id from either tag, and none for an untagged picture', async () => {
    wordDocument(world, [
      { altTextTitle: `likeness:${A}`, controlTag: `likeness:${A}`, altTextDescription: 'Both tags' },
      { altTextTitle: 'A photo', controlTag: `likeness:${B}` },
      { altTextTitle: `likeness:${B}`, controlTag: null },
      { altTextTitle: '', controlTag: null },
    ]);
    const images = await new WordAdapter().listImages();
    expect(images.map((i) => i.assetId)).toEqual([A, B, B, null]);
    expect(images.map((i) => i.location)).toEqual([1, 2, 3, 4].map((number) => ({ kind: 'position', number })));
    expect(images[0]!.label).toBe('Both tags');
  });

  it('reads an untagged picture\'s bytes, selects it and removes a tagged one with its content control', async () => {
    wordDocument(world, [
      { altTextTitle: `likeness:${A}`, controlTag: `likeness:${A}` },
      { altTextTitle: '', controlTag: null, base64: 'iVBORw0KGgo=' },
    ]);
    const adapter = new WordAdapter();
    const [tagged, untagged] = await adapter.listImages();
    expect(await adapter.imageBytes(untagged!.ref)).toBe('iVBORw0KGgo=');
    await adapter.select(untagged!.ref);
    expect(world.callsOf('select')).toEqual([[1]]);
    await adapter.remove(tagged!.ref);
    expect(world.callsOf('control.delete')).toEqual([[0, false]]);
    await adapter.remove(untagged!.ref);
    expect(world.callsOf('picture.delete')).toEqual([[1]]);
  });

  it('replaces a picture in place and moves both tags to the new asset', async () => {
    const doc = wordDocument(world, [{ altTextTitle: `likeness:${A}`, controlTag: `likeness:${A}` }]);
    const adapter = new WordAdapter();
    const [image] = await adapter.listImages();
    await adapter.replace(image!.ref, { base64: 'AAAA', assetId: B, title: 'Ny bild', width: 400, height: 300 });
    expect(world.callsOf('picture.replace')).toEqual([[0, 4, 'Replace']]);
    expect(doc.inserted[0].altTextTitle).toBe(`likeness:${B}`);
    expect(doc.pictures[0].parentContentControlOrNullObject.tag).toBe(`likeness:${B}`);
  });

  it('refuses to act on a picture that changed since the listing', async () => {
    const doc = wordDocument(world, [{ altTextTitle: `likeness:${A}`, controlTag: `likeness:${A}` }]);
    const adapter = new WordAdapter();
    const [image] = await adapter.listImages();
    doc.pictures[0].parentContentControlOrNullObject.tag = `likeness:${B}`;
    doc.pictures[0].altTextTitle = `likeness:${B}`;
    await expect(adapter.remove(image!.ref)).rejects.toBeInstanceOf(DocumentChangedError);
    expect(world.callsOf('control.delete')).toEqual([]);
  });

  it('reports what Word 2013 (WordApi 1.1) cannot do instead of failing', () => {
    installOffice(world, 'Word', { WordApi: '1.1' });
    const adapter = new WordAdapter();
    expect(adapter.can('list')).toBe(true);
    expect(adapter.can('insert')).toBe(false);
    expect(adapter.missing).toContainEqual({ capability: 'insert', requirement: 'WordApi 1.2' });
  });
});
