<?php
/**
 * The Likeness REST API (/api/v1) as seen from WordPress, authenticated with the site's API key.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Http;

use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class Client {

	private Settings $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Statuses of up to 500 assets in one channel.
	 *
	 * @param string[] $asset_ids Asset ids.
	 * @return array{channel: string, evaluatedAt: string, items: array<int, array>}
	 */
	public function status_batch( string $channel, array $asset_ids ): array {
		return $this->json( 'POST', '/status/batch', array( 'channel' => $channel, 'assetIds' => array_values( $asset_ids ) ), $this->timeout( 'status' ) );
	}

	/**
	 * Reports the full set of assets used at one location; an empty list ends every usage there.
	 *
	 * @param string[] $asset_ids Asset ids.
	 */
	public function report_usages( string $integration, string $channel, string $location, string $title, array $asset_ids ): array {
		return $this->json(
			'PUT',
			'/usages',
			array(
				'integration' => $integration,
				'channel'     => $channel,
				'location'    => $location,
				'title'       => '' === $title ? null : mb_substr( $title, 0, 500 ),
				'assetIds'    => array_values( array_unique( $asset_ids ) ),
			)
		);
	}

	/**
	 * One page of the image bank.
	 *
	 * @param array<string, string|int> $query Filters: q, status, channel, limit, cursor.
	 */
	public function list_assets( array $query ): array {
		return $this->json( 'GET', '/assets?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) );
	}

	public function get_asset( string $asset_id ): array {
		return $this->json( 'GET', '/assets/' . rawurlencode( $asset_id ) );
	}

	public function get_settings(): array {
		return $this->json( 'GET', '/settings' );
	}

	public function health(): array {
		return $this->json( 'GET', '/health', null, 5 );
	}

	/**
	 * Downloads a file variant to a temporary file.
	 *
	 * @param string $variant original, preview or thumbnail.
	 * @return array{file: string, type: string} The caller deletes the file.
	 */
	public function download( string $asset_id, string $variant ): array {
		$tmp = wp_tempnam( 'likeness-' . $asset_id );
		$res = wp_remote_get(
			$this->url( '/assets/' . rawurlencode( $asset_id ) . '/files/' . rawurlencode( $variant ) ),
			array(
				'headers'  => $this->headers(),
				'timeout'  => 60,
				'stream'   => true,
				'filename' => $tmp,
			)
		);
		try {
			$this->check( $res );
		} catch ( ApiException $e ) {
			wp_delete_file( $tmp );
			throw $e;
		}
		return array(
			'file' => $tmp,
			'type' => (string) wp_remote_retrieve_header( $res, 'content-type' ),
		);
	}

	/** Fetches a small variant (thumbnail/preview) into memory: body and content type. */
	public function fetch_file( string $asset_id, string $variant ): array {
		$res  = wp_remote_get( $this->url( '/assets/' . rawurlencode( $asset_id ) . '/files/' . rawurlencode( $variant ) ), array( 'headers' => $this->headers(), 'timeout' => 15 ) );
		$this->check( $res );
		return array(
			'body' => (string) wp_remote_retrieve_body( $res ),
			'type' => (string) wp_remote_retrieve_header( $res, 'content-type' ),
		);
	}

	/**
	 * A JSON request to /api/v1.
	 *
	 * @param array|null $body Sent as JSON.
	 * @throws ApiException When the server is unreachable or answers with an error.
	 */
	public function json( string $method, string $path, ?array $body = null, ?float $timeout = null ): array {
		if ( ! $this->settings->is_connected() ) {
			throw new ApiException( __( 'The Likeness server URL or API key is not set.', 'likeness' ), 0, 'not_configured' );
		}
		$args = array(
			'method'  => $method,
			'headers' => $this->headers(),
			'timeout' => $timeout ?? 10,
		);
		if ( null !== $body ) {
			$args['headers']['Content-Type'] = 'application/json';
			$args['body']                    = wp_json_encode( $body );
		}
		$res = wp_remote_request( $this->url( $path ), $args );
		$this->check( $res );
		$data = json_decode( (string) wp_remote_retrieve_body( $res ), true );
		if ( ! is_array( $data ) ) {
			throw new ApiException( __( 'The Likeness server sent an answer that is not JSON.', 'likeness' ), (int) wp_remote_retrieve_response_code( $res ), 'bad_response' );
		}
		return $data;
	}

	/**
	 * @param array|\WP_Error $res A wp_remote_* result.
	 * @throws ApiException Unless the answer is a 2xx.
	 */
	private function check( $res ): void {
		if ( is_wp_error( $res ) ) {
			/* translators: %s: the transport error, e.g. "Connection refused". */
			throw new ApiException( sprintf( __( 'The Likeness server could not be reached: %s', 'likeness' ), $res->get_error_message() ) );
		}
		$code = (int) wp_remote_retrieve_response_code( $res );
		if ( $code >= 200 && $code < 300 ) {
			return;
		}
		$data    = json_decode( (string) wp_remote_retrieve_body( $res ), true );
		$error   = is_array( $data ) && isset( $data['error'] ) && is_array( $data['error'] ) ? $data['error'] : array();
		$message = isset( $error['message'] ) ? (string) $error['message'] : (string) wp_remote_retrieve_response_message( $res );
		throw new ApiException( $message, $code, isset( $error['code'] ) ? (string) $error['code'] : 'http_' . $code );
	}

	private function url( string $path ): string {
		return $this->settings->server_url() . '/api/v1' . $path;
	}

	private function headers(): array {
		return array(
			'Authorization' => 'Bearer ' . $this->settings->get( 'api_key' ),
			'Accept'        => 'application/json',
			'User-Agent'    => 'Likeness-WordPress/' . LIKENESS_VERSION . '; ' . home_url( '/' ),
		);
	}

	/**
	 * Seconds to wait for the server. Page renders wait for the status call, so it is short.
	 *
	 * @param string $purpose 'status' or another call.
	 */
	private function timeout( string $purpose ): float {
		/**
		 * Filters how long the plugin waits for the Likeness server, in seconds.
		 *
		 * @param float  $seconds Default 3 for status lookups during a page render.
		 * @param string $purpose 'status'.
		 */
		return (float) apply_filters( 'likeness_http_timeout', 'status' === $purpose ? 3.0 : 10.0, $purpose );
	}
}
