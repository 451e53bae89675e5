<?php
/**
 * Enqueues the Likeness browser script, so that pages already open hide an image the moment consent ends.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class LiveScript {

	public const HANDLE = 'likeness-live';

	private Settings $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	public function register(): void {
		add_action( 'wp_enqueue_scripts', array( $this, 'enqueue' ) );
		add_filter( 'script_loader_tag', array( $this, 'tag' ), 10, 3 );
		add_filter( 'wp_resource_hints', array( $this, 'preconnect' ), 10, 2 );
	}

	public function is_enabled(): bool {
		$enabled = '' !== $this->settings->server_url() && '' !== $this->settings->get( 'public_key' );
		/**
		 * Filters whether the live browser script is added to front-end pages.
		 *
		 * @param bool $enabled True when a server URL and a public browser key are set.
		 */
		return (bool) apply_filters( 'likeness_live_script_enabled', $enabled );
	}

	public function enqueue(): void {
		if ( ! $this->is_enabled() ) {
			return;
		}
		// The server serves its current build; no version query, so the server's caching rules apply.
		wp_enqueue_script( self::HANDLE, $this->settings->server_url() . '/live/likeness.js', array(), null, false ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion
	}

	/** WordPress 6.1 has no script attributes API: the data-* attributes and defer go in here. */
	public function tag( $tag, $handle, $src ) {
		if ( self::HANDLE !== $handle ) {
			return $tag;
		}
		$attrs = array(
			'src'          => $src,
			'data-key'     => $this->settings->get( 'public_key' ),
			'data-channel' => $this->settings->channel(),
			'data-server'  => $this->settings->server_url(),
		);
		if ( Settings::POLICY_PLACEHOLDER === $this->settings->policy() ) {
			$attrs['data-mode'] = 'placeholder';
		}
		$html = '<script';
		foreach ( $attrs as $name => $value ) {
			$html .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
		return $html . ' id="likeness-live-js" defer></script>' . "\n";
	}

	public function preconnect( $urls, $relation ) {
		if ( 'preconnect' === $relation && $this->is_enabled() ) {
			$urls[] = array( 'href' => $this->settings->server_url(), 'crossorigin' => 'anonymous' );
		}
		return $urls;
	}
}
