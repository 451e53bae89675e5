import {
  DocumentChangedError,
  HostActionError,
  SHAPE_TAG_KEY,
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

/** A 16:9 slide is 960×540 pt; an inserted image takes at most about two thirds of it. */
const MAX_WIDTH_PT = 640;
const MAX_HEIGHT_PT = 360;
const PX_TO_PT = 0.75;

interface Located {
  slide: PowerPoint.Slide;
  shape: PowerPoint.Shape;
  slideIndex: number;
}

/**
 * PowerPoint: images go in through `setSelectedDataAsync` (image coercion) on the current slide, then the new
 * shape — which PowerPoint selects — is tagged twice: a shape tag and its alt-text title.
 */
export class PowerPointAdapter implements HostAdapter {
  readonly host = 'powerpoint' as const;
  readonly missing: MissingFeature[] = [];
  private readonly supported = new Set<Capability>();
  private readonly altText: boolean;

  constructor() {
    this.altText = isSetSupported('PowerPointApi', '1.10');
    const api15 = this.altText || isSetSupported('PowerPointApi', '1.5');
    const api14 = api15 || isSetSupported('PowerPointApi', '1.4');
    this.require(['insert'], isSetSupported('ImageCoercion', '1.1') && api15, 'ImageCoercion 1.1 + PowerPointApi 1.5');
    this.require(['list', 'remove'], api14, 'PowerPointApi 1.4');
    this.require(['select', 'replace'], api15 && isSetSupported('ImageCoercion', '1.1'), 'PowerPointApi 1.5');
    this.require(['tagTwice', 'readBytes'], this.altText, 'PowerPointApi 1.10');
  }

  can(capability: Capability): boolean {
    return this.supported.has(capability);
  }

  async insertImage(image: ImageToInsert): Promise<void> {
    await this.setSelectedImage(image, {});
    await this.tagSelected(image);
  }

  async listImages(): Promise<DocumentImage[]> {
    return PowerPoint.run(async (context) => {
      const images = await this.loadImages(context);
      return images.map(({ slide, shape, slideIndex }) => {
        const assetId = readAssetId(shape, this.altText);
        return {
          ref: `p:${slide.id}:${shape.id}:${assetId ?? '-'}`,
          assetId,
          location: { kind: 'slide' as const, number: slideIndex + 1 },
          label: (this.altText ? shape.altTextDescription : null) || shape.name || null,
        };
      });
    });
  }

  async imageBytes(ref: string): Promise<string | null> {
    if (!this.altText) return null;
    return PowerPoint.run(async (context) => {
      const { shape } = await this.find(context, ref);
      const png = shape.getImageAsBase64({ format: 'Png' as PowerPoint.ShapeGetImageFormatType });
      await context.sync();
      return png.value || null;
    });
  }

  async select(ref: string): Promise<void> {
    await PowerPoint.run(async (context) => {
      const { slide, shape } = await this.find(context, ref);
      context.presentation.setSelectedSlides([slide.id]);
      slide.setSelectedShapes([shape.id]);
      await context.sync();
    });
  }

  async replace(ref: string, image: ImageToInsert): Promise<void> {
    // setSelectedDataAsync fails while an image is selected, so the old shape goes first; the new one takes its place.
    const box = await PowerPoint.run(async (context) => {
      const { slide, shape } = await this.find(context, ref);
      shape.load('left,top,width,height');
      await context.sync();
      const place = { left: shape.left, top: shape.top, width: shape.width, height: shape.height };
      context.presentation.setSelectedSlides([slide.id]);
      shape.delete();
      await context.sync();
      return place;
    });
    const fitted = fitInto(image.width, image.height, box.width, box.height);
    await this.setSelectedImage(image, { imageLeft: box.left, imageTop: box.top, imageWidth: fitted.width, imageHeight: fitted.height });
    await this.tagSelected(image);
  }

  async remove(ref: string): Promise<void> {
    await PowerPoint.run(async (context) => {
      (await this.find(context, ref)).shape.delete();
      await context.sync();
    });
  }

  private setSelectedImage(image: ImageToInsert, placement: { imageLeft?: number; imageTop?: number; imageWidth?: number; imageHeight?: number }): Promise<void> {
    const fitted = fitInto(image.width * PX_TO_PT, image.height * PX_TO_PT, MAX_WIDTH_PT, MAX_HEIGHT_PT);
    const options = { coercionType: Office.CoercionType.Image, imageWidth: fitted.width, imageHeight: fitted.height, ...placement };
    return new Promise((resolve, reject) => {
      Office.context.document.setSelectedDataAsync(image.base64, options, (result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) return resolve();
        // A known PowerPoint behaviour: the call fails while a picture is selected.
        reject(new HostActionError('image_selected', result.error?.message ?? 'PowerPoint refused to insert the image.'));
      });
    });
  }

  /** PowerPoint selects the shape it just inserted; tag it in two places. */
  private async tagSelected(image: ImageToInsert): Promise<void> {
    await PowerPoint.run(async (context) => {
      const selected = context.presentation.getSelectedShapes();
      selected.load('items');
      await context.sync();
      const shape = selected.items[selected.items.length - 1];
      if (!shape) throw new HostActionError('no_slide', 'The image was inserted, but PowerPoint did not select it to tag it.');
      shape.tags.add(SHAPE_TAG_KEY, image.assetId);
      shape.name = `Likeness ${image.title}`.slice(0, 255);
      if (this.altText) {
        shape.altTextTitle = tagValue(image.assetId);
        shape.altTextDescription = image.title;
      }
      await context.sync();
    });
  }

  /** Three round trips for the whole presentation: slides, their shapes, each shape's fields and tags. */
  private async loadImages(context: PowerPoint.RequestContext): Promise<Located[]> {
    const slides = context.presentation.slides;
    slides.load('items');
    await context.sync();
    const perSlide = slides.items.map((slide) => {
      slide.load('id');
      slide.shapes.load('items');
      return slide;
    });
    await context.sync();
    const all: Located[] = [];
    perSlide.forEach((slide, slideIndex) => {
      for (const shape of slide.shapes.items) {
        shape.load(this.altText ? 'id,name,type,altTextTitle,altTextDescription' : 'id,name,type');
        shape.tags.load('items');
        all.push({ slide, shape, slideIndex });
      }
    });
    await context.sync();
    return all.filter((located) => located.shape.type === 'Image');
  }

  private async find(context: PowerPoint.RequestContext, ref: string): Promise<Located> {
    const match = /^p:([^:]+):([^:]+):(.+)$/.exec(ref);
    if (!match) throw new HostActionError('host_error', `Not a PowerPoint image reference: ${ref}`);
    const images = await this.loadImages(context);
    const found = images.find((l) => l.slide.id === match[1] && l.shape.id === match[2]);
    if (!found || (readAssetId(found.shape, this.altText) ?? '-') !== match[3]) {
      throw new DocumentChangedError('The image is no longer where it was; check the presentation again.');
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

/** The shape tag first (kept by copy within PowerPoint), the alt-text title when the tag was lost. */
function readAssetId(shape: PowerPoint.Shape, altText: boolean): string | null {
  const tag = shape.tags.items.find((t) => t.key.toUpperCase() === SHAPE_TAG_KEY);
  return assetIdFromTag(tag?.value) ?? (altText ? assetIdFromTag(shape.altTextTitle) : null);
}
