/**
 * Pure helpers for the editor script (no WordPress globals), unit-tested with Vitest.
 */

/** Blocks that show a Media Library file, and the attribute that holds its attachment id. */
export const MEDIA_ATTRIBUTES = {
	'core/image': 'id',
	'core/cover': 'id',
	'core/video': 'id',
	'core/media-text': 'mediaId',
};

/**
 * Attachment ids used by a tree of blocks (galleries hold image blocks), without duplicates.
 *
 * @param {Array<{name: string, attributes: object, innerBlocks?: Array}>} blocks Blocks from the block editor store.
 * @return {number[]} Attachment ids.
 */
export function collectAttachmentIds( blocks ) {
	const ids = [];
	const walk = ( list ) => {
		for ( const block of list || [] ) {
			const key = MEDIA_ATTRIBUTES[ block.name ];
			const id = key ? Number( block.attributes?.[ key ] ) : 0;
			if ( id > 0 && ! ids.includes( id ) ) {
				ids.push( id );
			}
			if ( block.name === 'core/gallery' && Array.isArray( block.attributes?.ids ) ) {
				for ( const gid of block.attributes.ids.map( Number ) ) {
					if ( gid > 0 && ! ids.includes( gid ) ) {
						ids.push( gid );
					}
				}
			}
			walk( block.innerBlocks );
		}
	};
	walk( blocks );
	return ids;
}

/**
 * What the editor should say about one image.
 *
 * @param {object|null|undefined} item A status item from /likeness/v1/status.
 * @return {'loading'|'ok'|'expiring'|'warn'|'hidden'|'unlinked-hidden'|'unlinked'} The kind of notice.
 */
export function classify( item ) {
	if ( item === undefined ) {
		return 'loading';
	}
	if ( item === null || item.error ) {
		return 'hidden';
	}
	if ( item.status === 'unlinked' ) {
		return item.visible ? 'unlinked' : 'unlinked-hidden';
	}
	if ( ! item.visible ) {
		return 'hidden';
	}
	if ( item.status === 'expiring' ) {
		return 'expiring';
	}
	if ( ! item.approved ) {
		return 'warn';
	}
	return 'ok';
}

/** Kinds that stop an image from being shown on the site. */
export const BLOCKING = [ 'hidden', 'unlinked-hidden' ];

/**
 * Images that will not be shown, with their status, for the pre-publish check.
 *
 * @param {number[]} ids                          Attachment ids in the post.
 * @param {(id: number) => object|null|undefined} get Status lookup.
 * @return {{blocking: Array, expiring: Array, loading: boolean}} Grouped results.
 */
export function summarize( ids, get ) {
	const blocking = [];
	const expiring = [];
	let loading = false;
	for ( const id of ids ) {
		const item = get( id );
		const kind = classify( item );
		if ( kind === 'loading' ) {
			loading = true;
		} else if ( BLOCKING.includes( kind ) ) {
			blocking.push( { id, item } );
		} else if ( kind === 'expiring' ) {
			expiring.push( { id, item } );
		}
	}
	return { blocking, expiring, loading };
}

/**
 * Formats an ISO instant as a local date for notices.
 *
 * @param {string|null} iso    Instant.
 * @param {string}      locale BCP 47 locale.
 */
export function formatDate( iso, locale ) {
	if ( ! iso ) {
		return '';
	}
	const date = new Date( iso );
	if ( Number.isNaN( date.getTime() ) ) {
		return '';
	}
	try {
		return new Intl.DateTimeFormat( locale || undefined, { dateStyle: 'medium' } ).format( date );
	} catch ( e ) {
		return date.toISOString().slice( 0, 10 );
	}
}
