/**
 * Before publishing: a panel that lists images that will not be shown (and expiring consent),
 * and a warning notice after publishing a post that contains such images.
 */
import { createElement, Fragment, useEffect, useRef } from '@wordpress/element';
import { useDispatch, useSelect } from '@wordpress/data';
import { PluginPrePublishPanel as EditPostPrePublishPanel } from '@wordpress/edit-post';
import { PluginPrePublishPanel as EditorPrePublishPanel } from '@wordpress/editor';
import { Notice } from '@wordpress/components';
import { registerPlugin } from '@wordpress/plugins';
import { __, _n, sprintf } from '@wordpress/i18n';
import { collectAttachmentIds, formatDate, summarize } from './lib.js';
import { get, refresh, useStatuses } from './status-store.js';

// The slot moved to @wordpress/editor in 6.6 (the edit-post one is deprecated there); 6.1–6.5 only have edit-post's.
const PluginPrePublishPanel = EditorPrePublishPanel || EditPostPrePublishPanel;

function usePostAttachmentIds() {
	return useSelect( ( select ) => {
		const ids = collectAttachmentIds( select( 'core/block-editor' ).getBlocks() );
		const featured = Number( select( 'core/editor' ).getEditedPostAttribute( 'featured_media' ) ) || 0;
		if ( featured > 0 && ! ids.includes( featured ) ) {
			ids.push( featured );
		}
		return ids;
	}, [] );
}

function imageName( id ) {
	const media = window.wp?.data?.select( 'core' )?.getMedia?.( id );
	const title = media?.title?.rendered || media?.title?.raw;
	/* translators: %d: attachment id. */
	return title || sprintf( __( 'Image #%d', 'likeness' ), id );
}

function PrePublishCheck() {
	const ids = usePostAttachmentIds();
	useStatuses( ids );
	const key = ids.join( ',' );
	useEffect( () => {
		// Statuses change while an editor writes: check again when the panel opens.
		refresh( ids );
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ key ] );
	const { blocking, expiring, loading } = summarize( ids, get );
	if ( ids.length === 0 ) {
		return null;
	}
	return (
		<PluginPrePublishPanel title={ __( 'Likeness: image consent', 'likeness' ) } initialOpen={ true } className="likeness-prepublish">
			{ loading && <p>{ __( 'Checking the images…', 'likeness' ) }</p> }
			{ ! loading && blocking.length === 0 && expiring.length === 0 && <p>{ __( 'Every image in this post is approved.', 'likeness' ) }</p> }
			{ blocking.length > 0 && (
				<Notice status="error" isDismissible={ false } className="likeness-prepublish__blocking">
					<strong>
						{ sprintf(
							/* translators: %d: number of images. */
							_n( '%d image in this post is not approved and will not be shown on the site:', '%d images in this post are not approved and will not be shown on the site:', blocking.length, 'likeness' ),
							blocking.length
						) }
					</strong>
					<ul>
						{ blocking.map( ( { id, item } ) => (
							<li key={ id }>
								{ imageName( id ) } – { item && item.label ? item.label : __( 'status unknown', 'likeness' ) }
							</li>
						) ) }
					</ul>
				</Notice>
			) }
			{ expiring.length > 0 && (
				<Notice status="warning" isDismissible={ false } className="likeness-prepublish__expiring">
					<ul>
						{ expiring.map( ( { id, item } ) => (
							<li key={ id }>
								{ sprintf(
									/* translators: 1: image name; 2: date. */
									__( '%1$s: consent ends on %2$s.', 'likeness' ),
									imageName( id ),
									formatDate( item.approvedUntil, document.documentElement.lang )
								) }
							</li>
						) ) }
					</ul>
				</Notice>
			) }
		</PluginPrePublishPanel>
	);
}

/** After publishing: a snackbar-free, persistent warning in the editor when images will not be shown. */
function PublishWarning() {
	const ids = usePostAttachmentIds();
	useStatuses( ids );
	const { isPublished, isSaving } = useSelect(
		( select ) => ( {
			isPublished: select( 'core/editor' ).isCurrentPostPublished(),
			isSaving: select( 'core/editor' ).isSavingPost(),
		} ),
		[]
	);
	const { createNotice, removeNotice } = useDispatch( 'core/notices' );
	const wasSaving = useRef( false );
	useEffect( () => {
		if ( wasSaving.current && ! isSaving && isPublished ) {
			const { blocking } = summarize( ids, get );
			if ( blocking.length > 0 ) {
				createNotice(
					'warning',
					sprintf(
						/* translators: %d: number of images. */
						_n( 'Published, but %d image is not approved and is not shown on the site.', 'Published, but %d images are not approved and are not shown on the site.', blocking.length, 'likeness' ),
						blocking.length
					),
					{ id: 'likeness-publish-warning', isDismissible: true }
				);
			} else {
				removeNotice( 'likeness-publish-warning' );
			}
		}
		wasSaving.current = isSaving;
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ isSaving, isPublished ] );
	return null;
}

registerPlugin( 'likeness-prepublish', {
	render: () => (
		<Fragment>
			<PrePublishCheck />
			<PublishWarning />
		</Fragment>
	),
} );
