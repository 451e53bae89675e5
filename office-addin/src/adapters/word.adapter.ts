import {
  DocumentChangedError,
  HostActionError,
  assetIdFromTag,
  fitInto,
  tagValue,
  type Capability,
  type DocumentImage,
  type HostAdapter,
  type ImageToInsert,
  type MissingFeature,
} from './host-adapter';
import { isSetSupported } from './requirements';

/** A portrait A4 text column is about 450 pt wide; pictures larger than this box are scaled down. */
const MAX_WIDTH_PT = 450;
const MAX_HEIGHT_PT = 600;
const PX_TO_PT = 0.75;

/**
 * Word: an inline picture at the cursor, tagged twice — the tag of a content control around it and its
 * alt-text title. Word's API has no page numbers on every platform, so images are located by position.
 */
export class WordAdapter implements HostAdapter {
  readonly host = 'word' as const;
  readonly missing: MissingFeature[] = [];
  private readonly supported = new Set<Capability>();

  constructor() {
    const api12 = isSetSupported('WordApi', '1.2');
    const api11 = api12 || isSetSupported('WordApi', '1.1');
    this.require(['list', 'tagTwice', 'readBytes', 'select'], api11, 'WordApi 1.1');
    this.require(['insert', 'replace', 'remove'], api12, 'WordApi 1.2');
  }

  can(capability: Capability): boolean {
    return this.supported.has(capability);
  }

  async insertImage(image: ImageToInsert): Promise<void> {
    await Word.run(async (context) => {
      const picture = context.document.getSelection().insertInlinePictureFromBase64(image.base64, 'Replace');
      this.tag(picture, image);
      await context.sync();
    });
  }

  async listImages(): Promise<DocumentImage[]> {
    return Word.run(async (context) => {
      const pictures = await this.loadPictures(context);
      return pictures.map(({ picture, control }, index) => {
        const assetId = readAssetId(picture, control);
        return {
          ref: `w:${index}:${assetId ?? '-'}`,
          assetId,
          location: { kind: 'position' as const, number: index + 1 },
          label: picture.altTextDescription || null,
        };
      });
    });
  }

  async imageBytes(ref: string): Promise<string | null> {
    return Word.run(async (context) => {
      const { picture } = await this.find(context, ref);
      const src = picture.getBase64ImageSrc();
      await context.sync();
      return src.value || null;
    });
  }

  async select(ref: string): Promise<void> {
    await Word.run(async (context) => {
      (await this.find(context, ref)).picture.select();
      await context.sync();
    });
  }

  async replace(ref: string, image: ImageToInsert): Promise<void> {
    await Word.run(async (context) => {
      const { picture, control } = await this.find(context, ref);
      const replacement = picture.insertInlinePictureFromBase64(image.base64, 'Replace');
      replacement.altTextTitle = tagValue(image.assetId);
      replacement.altTextDescription = image.title;
      this.size(replacement, image);
      if (control.isNullObject) replacement.insertContentControl().tag = tagValue(image.assetId);
      else control.tag = tagValue(image.assetId);
      await context.sync();
    });
  }

  async remove(ref: string): Promise<void> {
    await Word.run(async (context) => {
      const { picture, control } = await this.find(context, ref);
      // The content control exists only for the picture: delete it with its content.
      if (!control.isNullObject) control.delete(false);
      else picture.delete();
      await context.sync();
    });
  }

  private tag(picture: Word.InlinePicture, image: ImageToInsert): void {
    picture.altTextTitle = tagValue(image.assetId);
    picture.altTextDescription = image.title;
    this.size(picture, image);
    const control = picture.insertContentControl();
    control.tag = tagValue(image.assetId);
    control.title = 'Likeness';
  }

  private size(picture: Word.InlinePicture, image: ImageToInsert): void {
    const fitted = fitInto(image.width * PX_TO_PT, image.height * PX_TO_PT, MAX_WIDTH_PT, MAX_HEIGHT_PT);
    picture.lockAspectRatio = true;
    picture.width = fitted.width;
    picture.height = fitted.height;
  }

  /** Two round trips for any number of pictures: the collection, then every picture's fields and control. */
  private async loadPictures(context: Word.RequestContext) {
    const collection = context.document.body.inlinePictures;
    collection.load('items');
    await context.sync();
    const pictures = collection.items.map((picture) => {
      picture.load('altTextTitle,altTextDescription');
      const control = picture.parentContentControlOrNullObject;
      control.load('tag');
      return { picture, control };
    });
    await context.sync();
    return pictures;
  }

  /** The picture a ref names, provided it still carries the asset it had (or none) when listed. */
  private async find(context: Word.RequestContext, ref: string) {
    const match = /^w:(\d+):(.+)$/.exec(ref);
    if (!match) throw new HostActionError('host_error', `Not a Word image reference: ${ref}`);
    const pictures = await this.loadPictures(context);
    const found = pictures[Number(match[1])];
    if (!found || (readAssetId(found.picture, found.control) ?? '-') !== match[2]) {
      throw new DocumentChangedError('The picture is no longer where it was; check the document again.');
    }
    return found;
  }

  private require(capabilities: Capability[], supported: boolean, requirement: string): void {
    for (const capability of capabilities) {
      if (supported) this.supported.add(capability);
      else this.missing.push({ capability, requirement });
    }
  }
}

/** The control's tag first, the alt-text title if the control was lost (e.g. copied out of it). */
function readAssetId(picture: Word.InlinePicture, control: Word.ContentControl): string | null {
  return (control.isNullObject ? null : assetIdFromTag(control.tag)) ?? assetIdFromTag(picture.altTextTitle);
}
