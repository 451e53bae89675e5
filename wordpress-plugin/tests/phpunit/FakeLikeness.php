<?php
/**
 * An in-process stand-in for the Likeness API (through pre_http_request), for unit tests that need
 * to control answers and failures. The HTTP suite runs against the real core-server.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

final class FakeLikeness {

	public const BASE = 'http://likeness.test/api/v1';

	/** @var array<int, array{method: string, path: string, body: mixed}> */
	public array $requests = array();

	/** @var array<string, array> Status items by asset id (channel web). */
	public array $statuses = array();

	/** @var array<string, array> Assets by id. */
	public array $assets = array();

	public array $settings = array(
		'organisationName' => 'Testkommunen',
		'hideUnhandled'    => true,
		'unapprovedPolicy' => 'hide',
	);

	/** @var array<string, string> File bytes by asset id (variant original). */
	public array $files = array();

	/** When set, every call fails like this: 'down' (connection refused) or an HTTP status. */
	public $failure = null;

	public function install(): void {
		add_filter( 'pre_http_request', array( $this, 'intercept' ), 10, 3 );
	}

	public function uninstall(): void {
		remove_filter( 'pre_http_request', array( $this, 'intercept' ), 10 );
	}

	public function approved( string $id, ?string $until = null ): void {
		$this->statuses[ $id ] = array(
			'assetId'       => $id,
			'status'        => 'approved',
			'approved'      => true,
			'visible'       => true,
			'approvedUntil' => $until,
			'reasons'       => array(),
		);
	}

	public function withdrawn( string $id ): void {
		$this->statuses[ $id ] = array(
			'assetId'       => $id,
			'status'        => 'withdrawn',
			'approved'      => false,
			'visible'       => false,
			'approvedUntil' => null,
			'reasons'       => array( array( 'code' => 'consent_withdrawn' ) ),
		);
	}

	/** @return array<int, array> Requests to a path (method and path prefix). */
	public function calls( string $method, string $path ): array {
		return array_values(
			array_filter(
				$this->requests,
				static function ( array $r ) use ( $method, $path ): bool {
					return $r['method'] === $method && 0 === strpos( $r['path'], $path );
				}
			)
		);
	}

	public function intercept( $pre, $args, $url ) {
		if ( 0 !== strpos( $url, 'http://likeness.test/' ) ) {
			return $pre;
		}
		$method           = strtoupper( $args['method'] ?? 'GET' );
		$path             = substr( $url, strlen( self::BASE ) );
		$body             = isset( $args['body'] ) && is_string( $args['body'] ) ? json_decode( $args['body'], true ) : null;
		$this->requests[] = array(
			'method'  => $method,
			'path'    => $path,
			'body'    => $body,
			'headers' => $args['headers'] ?? array(),
		);
		if ( 'down' === $this->failure ) {
			return new \WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect: Connection refused' );
		}
		if ( is_int( $this->failure ) ) {
			return self::response( $this->failure, array( 'error' => array( 'code' => 'internal', 'message' => 'Failure ' . $this->failure ) ) );
		}
		if ( 'POST' === $method && '/status/batch' === $path ) {
			$items = array();
			foreach ( (array) $body['assetIds'] as $id ) {
				$items[] = $this->statuses[ $id ] ?? array(
					'assetId'       => $id,
					'status'        => 'unknown',
					'approved'      => false,
					'visible'       => false,
					'approvedUntil' => null,
					'reasons'       => array( array( 'code' => 'asset_unknown' ) ),
				);
			}
			return self::response(
				200,
				array(
					'channel'     => $body['channel'],
					'evaluatedAt' => gmdate( 'Y-m-d\TH:i:s.v\Z' ),
					'items'       => $items,
				)
			);
		}
		if ( 'PUT' === $method && '/usages' === $path ) {
			return self::response( 200, array( 'active' => count( $body['assetIds'] ), 'removed' => 0, 'unknownAssetIds' => array() ) );
		}
		if ( 'GET' === $method && '/settings' === $path ) {
			return self::response( 200, $this->settings + array( 'channels' => array( 'web', 'print' ) ) );
		}
		if ( 'GET' === $method && '/health' === $path ) {
			return self::response( 200, array( 'status' => 'ok', 'version' => '0.1.0', 'database' => 'sqlite' ) );
		}
		if ( 'GET' === $method && 0 === strpos( $path, '/assets?' ) ) {
			parse_str( (string) wp_parse_url( $path, PHP_URL_QUERY ), $query );
			$items = array_values( $this->assets );
			if ( isset( $query['sha256'] ) ) { // Like the server: only the file with exactly these bytes.
				$items = array_values( array_filter( $items, fn( $a ) => ( $a['sha256'] ?? null ) === strtolower( (string) $query['sha256'] ) ) );
			}
			return self::response( 200, array( 'items' => $items, 'nextCursor' => null ) );
		}
		if ( 'GET' === $method && preg_match( '#^/assets/([^/?]+)/files/(original|preview|thumbnail)$#', $path, $m ) ) {
			if ( ! isset( $this->files[ $m[1] ] ) ) {
				return self::response( 404, array( 'error' => array( 'code' => 'not_found', 'message' => 'No file.' ) ) );
			}
			if ( ! empty( $args['stream'] ) && ! empty( $args['filename'] ) ) {
				file_put_contents( $args['filename'], $this->files[ $m[1] ] );
			}
			return array(
				'headers'  => array( 'content-type' => 'image/jpeg' ),
				'body'     => empty( $args['stream'] ) ? $this->files[ $m[1] ] : '',
				'response' => array( 'code' => 200, 'message' => 'OK' ),
				'cookies'  => array(),
				'filename' => $args['filename'] ?? null,
			);
		}
		if ( 'GET' === $method && preg_match( '#^/assets/([^/?]+)$#', $path, $m ) ) {
			return isset( $this->assets[ $m[1] ] )
				? self::response( 200, $this->assets[ $m[1] ] )
				: self::response( 404, array( 'error' => array( 'code' => 'not_found', 'message' => 'Asset not found.' ) ) );
		}
		return self::response( 404, array( 'error' => array( 'code' => 'not_found', 'message' => 'No route ' . $method . ' ' . $path ) ) );
	}

	private static function response( int $code, array $body ): array {
		return array(
			'headers'  => array( 'content-type' => 'application/json' ),
			'body'     => wp_json_encode( $body ),
			'response' => array(
				'code'    => $code,
				'message' => get_status_header_desc( $code ),
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}
}
