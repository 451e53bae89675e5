/**
 * The "Likeness image" block: search the image bank's approved images, pick one, and it is imported into
 * the Media Library (linked to its asset) and becomes an ordinary Image block.
 */
import { createElement, useEffect, useRef, useState } from '@wordpress/element';
import { registerBlockType, createBlock } from '@wordpress/blocks';
import { InspectorControls, useBlockProps } from '@wordpress/block-editor';
import { Button, Notice, PanelBody, Placeholder, SearchControl, Spinner, ToggleControl } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import apiFetch from '@wordpress/api-fetch';
import { addQueryArgs } from '@wordpress/url';
import { __, sprintf } from '@wordpress/i18n';
import { formatDate } from './lib.js';
import { refresh } from './status-store.js';

const config = window.likenessEditor || {};

const icon = (
	<svg viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false">
		<path d="M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2Zm0 16H5V5h14v14Zm-4.5-7.5L11 16l-2.5-3L5 17.5h14l-4.5-6Zm-1-3.5 1.5 1.5L19 5.5" />
	</svg>
);

function useDebounced( value, ms ) {
	const [ debounced, setDebounced ] = useState( value );
	useEffect( () => {
		const timer = setTimeout( () => setDebounced( value ), ms );
		return () => clearTimeout( timer );
	}, [ value, ms ] );
	return debounced;
}

function Edit( { clientId } ) {
	const blockProps = useBlockProps();
	const [ search, setSearch ] = useState( '' );
	const query = useDebounced( search, 300 );
	const [ items, setItems ] = useState( [] );
	const [ cursor, setCursor ] = useState( null );
	const [ loading, setLoading ] = useState( false );
	const [ error, setError ] = useState( null );
	const [ importing, setImporting ] = useState( null );
	const [ includeExpiring, setIncludeExpiring ] = useState( true );
	const postId = useSelect( ( select ) => select( 'core/editor' )?.getCurrentPostId?.() || 0, [] );
	const { replaceBlocks } = useDispatch( 'core/block-editor' );
	// Only the newest request may fill the list: an older search answering late would bring back what the
	// editor just filtered out (e.g. images whose consent ends soon).
	const latestRequest = useRef( 0 );

	const load = ( reset ) => {
		const request = ++latestRequest.current;
		const isLatest = () => request === latestRequest.current;
		setLoading( true );
		setError( null );
		apiFetch( { path: addQueryArgs( '/likeness/v1/assets', { search: query, cursor: reset ? '' : cursor || '', expiring: includeExpiring ? 1 : 0 } ) } )
			.then( ( page ) => {
				if ( isLatest() ) {
					setItems( ( previous ) => ( reset ? page.items : [ ...previous, ...page.items ] ) );
					setCursor( page.nextCursor );
				}
			} )
			.catch( ( e ) => isLatest() && setError( e.message || __( 'The image bank could not be reached.', 'likeness' ) ) )
			.finally( () => isLatest() && setLoading( false ) );
	};

	useEffect( () => {
		if ( config.connected ) {
			load( true );
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ query, includeExpiring ] );

	const choose = ( asset ) => {
		setImporting( asset.id );
		setError( null );
		apiFetch( { path: '/likeness/v1/import', method: 'POST', data: { assetId: asset.id, postId } } )
			.then( ( attachment ) => {
				refresh( [ attachment.id ] );
				replaceBlocks(
					clientId,
					createBlock( 'core/image', { id: attachment.id, url: attachment.url, alt: attachment.alt || '', sizeSlug: 'full' } )
				);
			} )
			.catch( ( e ) => {
				setImporting( null );
				setError( e.message || __( 'The image could not be imported.', 'likeness' ) );
			} );
	};

	if ( ! config.connected ) {
		return (
			<div { ...blockProps }>
				<Placeholder icon={ icon } label={ __( 'Likeness image', 'likeness' ) }>
					<p>{ __( 'This site is not connected to a Likeness server yet.', 'likeness' ) }</p>
					{ config.settings && (
						<Button variant="secondary" href={ config.settings }>
							{ __( 'Open the Likeness settings', 'likeness' ) }
						</Button>
					) }
				</Placeholder>
			</div>
		);
	}

	return (
		<div { ...blockProps }>
			<InspectorControls>
				<PanelBody title={ __( 'Likeness', 'likeness' ) } className="likeness-inspector">
					<p>
						{ sprintf(
							/* translators: %s: channel, e.g. "web". */
							__( 'Listed: images approved for %s.', 'likeness' ),
							config.channel || 'web'
						) }
					</p>
					<ToggleControl
						label={ __( 'Include images whose consent ends soon', 'likeness' ) }
						help={ __( 'An image whose consent ends is hidden from the site on that day.', 'likeness' ) }
						checked={ includeExpiring }
						onChange={ setIncludeExpiring }
					/>
					{ config.settings && (
						<Button variant="link" href={ config.settings }>
							{ __( 'Open the Likeness settings', 'likeness' ) }
						</Button>
					) }
				</PanelBody>
			</InspectorControls>
			<Placeholder
				icon={ icon }
				label={ __( 'Likeness image', 'likeness' ) }
				instructions={ sprintf(
					/* translators: %s: channel, e.g. "web". */
					__( 'Only images approved for %s are listed. The one you choose is added to the Media Library.', 'likeness' ),
					config.channel || 'web'
				) }
				className="likeness-picker"
			>
				<div className="likeness-picker__body">
					<SearchControl value={ search } onChange={ setSearch } label={ __( 'Search approved images', 'likeness' ) } />
					{ error && (
						<Notice status="error" isDismissible={ false }>
							{ error }
						</Notice>
					) }
					<ul className="likeness-picker__grid" aria-busy={ loading }>
						{ items.map( ( asset ) => (
							<li key={ asset.id }>
								<button
									type="button"
									className="likeness-picker__item"
									onClick={ () => choose( asset ) }
									disabled={ importing !== null }
									data-likeness-asset-id={ asset.id }
									title={ asset.title || asset.originalName }
								>
									<img src={ asset.thumbnail } alt="" loading="lazy" />
									<span className="likeness-picker__title">{ asset.title || asset.originalName }</span>
									{ asset.status === 'expiring' && (
										<span className="likeness-picker__expiring">
											{ sprintf(
												/* translators: %s: a date. */
												__( 'Consent ends %s', 'likeness' ),
												formatDate( asset.approvedUntil, document.documentElement.lang )
											) }
										</span>
									) }
									{ importing === asset.id && <Spinner /> }
								</button>
							</li>
						) ) }
					</ul>
					{ loading && <Spinner /> }
					{ ! loading && items.length === 0 && ! error && <p>{ __( 'No approved images found.', 'likeness' ) }</p> }
					{ ! loading && cursor && (
						<Button variant="secondary" onClick={ () => load( false ) }>
							{ __( 'Load more', 'likeness' ) }
						</Button>
					) }
				</div>
			</Placeholder>
		</div>
	);
}

registerBlockType( 'likeness/image', {
	apiVersion: 3,
	title: __( 'Likeness image', 'likeness' ),
	description: __( 'Insert an image that is approved in Likeness.', 'likeness' ),
	category: 'media',
	icon,
	keywords: [ 'gdpr', 'consent', 'image bank', 'bildbank', 'samtycke' ],
	supports: { html: false, reusable: false },
	edit: Edit,
	save: () => null,
} );
