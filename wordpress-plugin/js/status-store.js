/**
 * Statuses of attachments, fetched in batches from /likeness/v1/status and shared by every component.
 */
import apiFetch from '@wordpress/api-fetch';
import { useEffect, useState } from '@wordpress/element';
import { addQueryArgs } from '@wordpress/url';

const cache = new Map();
const pending = new Set();
const listeners = new Set();
let timer = null;

function notify() {
	listeners.forEach( ( listener ) => listener() );
}

function flush() {
	timer = null;
	const ids = [ ...pending ];
	pending.clear();
	if ( ids.length === 0 ) {
		return;
	}
	apiFetch( { path: addQueryArgs( '/likeness/v1/status', { attachments: ids } ) } )
		.then( ( response ) => {
			const found = new Map( ( response.items || [] ).map( ( item ) => [ item.attachmentId, item ] ) );
			// Ids that are not image attachments get no item: nothing to say about them.
			ids.forEach( ( id ) => cache.set( id, found.has( id ) ? found.get( id ) : { status: 'none', visible: true, approved: true } ) );
		} )
		.catch( () => {
			ids.forEach( ( id ) => cache.set( id, { error: true } ) );
		} )
		.finally( notify );
}

/**
 * Asks for the statuses not known yet (one request for all ids asked within 50 ms).
 *
 * @param {number[]} ids Attachment ids.
 */
export function request( ids ) {
	ids.forEach( ( id ) => {
		if ( id > 0 && ! cache.has( id ) ) {
			pending.add( id );
		}
	} );
	if ( pending.size > 0 && timer === null ) {
		timer = setTimeout( flush, 50 );
	}
}

/** Forgets and fetches again, e.g. right before publishing. */
export function refresh( ids ) {
	ids.forEach( ( id ) => cache.delete( id ) );
	notify();
	request( ids );
}

export function get( id ) {
	return cache.get( id );
}

/**
 * React hook: the statuses of the ids, re-rendering when they arrive.
 *
 * @param {number[]} ids Attachment ids.
 */
export function useStatuses( ids ) {
	const [ , setTick ] = useState( 0 );
	const key = ids.join( ',' );
	useEffect( () => {
		const listener = () => setTick( ( n ) => n + 1 );
		listeners.add( listener );
		return () => listeners.delete( listener );
	}, [] );
	useEffect( () => {
		request( ids );
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ key ] );
	return ids.map( ( id ) => cache.get( id ) );
}
