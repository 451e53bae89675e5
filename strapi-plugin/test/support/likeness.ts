/**
 * The real Likeness core-server for the Strapi suites: the harness the core-server ships for host tests
 * (spawned from the monorepo's sources with its own SQLite database), with Strapi's owner and photo size.
 */
import { SpawnedLikeness, photo as hostPhoto, type PhotoSize } from '../../../core-server/test/support/spawned-server';

export { freePort, inDays, login, until } from '../../../core-server/test/support/spawned-server';

export const OWNER = { email: 'owner@strapi.test', password: 'correct horse battery staple' };
// Below Strapi's "large" breakpoint, so the Media Library makes the same few formats for every photo.
const STRAPI_PHOTO: PhotoSize = { width: 640, height: 480 };

/** A 640×480 JPEG, different for each seed. */
export const photo = (seed: number) => hostPhoto(seed, STRAPI_PHOTO);

export class LikenessServer extends SpawnedLikeness {
  static launch(dir: string): Promise<LikenessServer> {
    return LikenessServer.start(dir, OWNER);
  }

  override upload(seed: number, title: string, size: PhotoSize = STRAPI_PHOTO) {
    return super.upload(seed, title, size);
  }

  override apiKey(scopes: string[]) {
    return super.apiKey(scopes, { name: `strapi ${scopes.join(' ')}` });
  }

  override webhook(url: string) {
    return super.webhook(url, 'Strapi');
  }
}
