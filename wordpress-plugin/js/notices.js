/**
 * A notice above every image block (and the featured image) whose consent is expiring or that will not be shown.
 */
import { createElement, Fragment } from '@wordpress/element';
import { createHigherOrderComponent } from '@wordpress/compose';
import { Notice } from '@wordpress/components';
import { addFilter } from '@wordpress/hooks';
import { __, sprintf } from '@wordpress/i18n';
import { MEDIA_ATTRIBUTES, classify, formatDate } from './lib.js';
import { useStatuses } from './status-store.js';

const config = window.likenessEditor || {};

export function StatusNotice( { attachmentId } ) {
	const [ item ] = useStatuses( attachmentId ? [ attachmentId ] : [] );
	if ( ! attachmentId ) {
		return null;
	}
	const kind = classify( item );
	const channel = config.channel || 'web';
	switch ( kind ) {
		case 'expiring':
			return (
				<Notice status="warning" isDismissible={ false } className="likeness-notice likeness-notice--expiring">
					{ sprintf(
						/* translators: %s: a date. */
						__( 'Consent for this image ends on %s. The image will be hidden from the site then.', 'likeness' ),
						formatDate( item.approvedUntil, document.documentElement.lang )
					) }
				</Notice>
			);
		case 'warn':
			return (
				<Notice status="warning" isDismissible={ false } className="likeness-notice likeness-notice--warn">
					{ sprintf(
						/* translators: %s: status, e.g. "Consent missing". */
						__( 'Not approved in Likeness (%s). It is shown only because your organisation warns instead of hiding.', 'likeness' ),
						item.label
					) }
				</Notice>
			);
		case 'hidden':
			return (
				<Notice status="error" isDismissible={ false } className="likeness-notice likeness-notice--hidden">
					{ item && item.label
						? sprintf(
								/* translators: 1: channel, e.g. "web"; 2: status, e.g. "Consent withdrawn". */
								__( 'Not approved for %1$s (%2$s): this image will not be shown on the site.', 'likeness' ),
								channel,
								item.label
						  )
						: __( 'The status of this image could not be checked: it will not be shown on the site.', 'likeness' ) }
				</Notice>
			);
		case 'unlinked-hidden':
			return (
				<Notice status="error" isDismissible={ false } className="likeness-notice likeness-notice--unlinked">
					{ __( 'This image is not linked to Likeness and will not be shown on the site. Insert it from Likeness, or link it in the Media Library.', 'likeness' ) }
				</Notice>
			);
		default:
			return null;
	}
}

const withStatusNotice = createHigherOrderComponent(
	( BlockEdit ) => ( props ) => {
		const key = MEDIA_ATTRIBUTES[ props.name ];
		if ( ! key ) {
			return <BlockEdit { ...props } />;
		}
		const id = Number( props.attributes[ key ] ) || 0;
		return (
			<Fragment>
				{ id > 0 && <StatusNotice attachmentId={ id } /> }
				<BlockEdit { ...props } />
			</Fragment>
		);
	},
	'withLikenessStatusNotice'
);

addFilter( 'editor.BlockEdit', 'likeness/status-notice', withStatusNotice );

const withFeaturedImageNotice = ( OriginalComponent ) => ( props ) => (
	<Fragment>
		{ props.featuredImageId > 0 && <StatusNotice attachmentId={ Number( props.featuredImageId ) } /> }
		<OriginalComponent { ...props } />
	</Fragment>
);

addFilter( 'editor.PostFeaturedImage', 'likeness/featured-image-notice', withFeaturedImageNotice );
