<?php
/**
 * REST routes for the block editor: browse approved images, import one, link an attachment, statuses.
 * The API key never leaves the server; thumbnails are proxied.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Rest;

use Likeness\WordPress\Frontend\AttachmentResolver;
use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Media\AssetLinks;
use Likeness\WordPress\Media\HashLinker;
use Likeness\WordPress\Media\Importer;
use Likeness\WordPress\Settings;
use Likeness\WordPress\Status\Labels;
use Likeness\WordPress\Status\StatusService;

defined( 'ABSPATH' ) || exit;

class EditorController {

	private const NS = 'likeness/v1';

	private Settings $settings;
	private Client $client;
	private Importer $importer;
	private HashLinker $hash;
	private AssetLinks $links;
	private AttachmentResolver $resolver;

	public function __construct( Settings $settings, Client $client, Importer $importer, HashLinker $hash, AssetLinks $links, AttachmentResolver $resolver ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->importer = $importer;
		$this->hash     = $hash;
		$this->links    = $links;
		$this->resolver = $resolver;
	}

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'routes' ) );
	}

	public function routes(): void {
		$can_upload = static function (): bool {
			return current_user_can( 'upload_files' );
		};
		register_rest_route(
			self::NS,
			'/assets',
			array(
				'methods'             => 'GET',
				'callback'            => array( $this, 'list_assets' ),
				'permission_callback' => $can_upload,
				'args'                => array(
					'search'   => array(
						'type'              => 'string',
						'default'           => '',
						'sanitize_callback' => 'sanitize_text_field',
					),
					'cursor'   => array(
						'type'    => 'string',
						'default' => '',
					),
					'expiring' => array(
						'type'        => 'boolean',
						'default'     => true,
						'description' => 'Also list images whose consent ends soon.',
					),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/assets/(?P<id>[A-Za-z0-9_-]{1,100})/thumbnail',
			array(
				'methods'             => 'GET',
				'callback'            => array( $this, 'thumbnail' ),
				'permission_callback' => $can_upload,
			)
		);
		register_rest_route(
			self::NS,
			'/import',
			array(
				'methods'             => 'POST',
				'callback'            => array( $this, 'import' ),
				'permission_callback' => static function ( \WP_REST_Request $request ): bool {
					$post_id = (int) $request['postId'];
					return current_user_can( 'upload_files' ) && ( 0 === $post_id || current_user_can( 'edit_post', $post_id ) );
				},
				'args'                => array(
					'assetId' => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^[A-Za-z0-9_-]{1,100}$',
					),
					'postId'  => array(
						'type'    => 'integer',
						'default' => 0,
					),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/link',
			array(
				'methods'             => 'POST',
				'callback'            => array( $this, 'link' ),
				'permission_callback' => static function ( \WP_REST_Request $request ): bool {
					return current_user_can( 'edit_post', (int) $request['attachmentId'] );
				},
				'args'                => array(
					'attachmentId' => array(
						'type'     => 'integer',
						'required' => true,
					),
					'assetId'      => array(
						'type'    => 'string',
						'default' => '',
						'pattern' => '^([A-Za-z0-9_-]{1,100})?$',
					),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/status',
			array(
				'methods'             => 'GET',
				'callback'            => array( $this, 'status' ),
				'permission_callback' => static function (): bool {
					return current_user_can( 'edit_posts' );
				},
				'args'                => array(
					'attachments' => array(
						'type'     => 'array',
						'items'    => array( 'type' => 'integer' ),
						'required' => true,
						'maxItems' => 500,
					),
				),
			)
		);
	}

	/** Approved (and, unless expiring=false, expiring) images in the site's channel, newest first, with search. */
	public function list_assets( \WP_REST_Request $request ) {
		$search = (string) $request['search'];
		$cursor = $this->decode_cursor( (string) $request['cursor'] );
		if ( ! $request['expiring'] ) {
			$cursor['e'] = false;
		}
		$items  = array();
		$next   = array();
		try {
			foreach ( array( 'a' => 'approved', 'e' => 'expiring' ) as $key => $status ) {
				if ( false === $cursor[ $key ] ) {
					$next[ $key ] = false;
					continue;
				}
				$query = array(
					'status'  => $status,
					'channel' => $this->settings->channel(),
					'limit'   => 24,
				);
				if ( '' !== $search ) {
					$query['q'] = $search;
				}
				if ( is_string( $cursor[ $key ] ) ) {
					$query['cursor'] = $cursor[ $key ];
				}
				$page = $this->client->list_assets( $query );
				foreach ( (array) ( $page['items'] ?? array() ) as $asset ) {
					if ( is_array( $asset ) && 'image' === ( $asset['kind'] ?? '' ) ) {
						$items[] = $this->asset_item( $asset );
					}
				}
				$next[ $key ] = is_string( $page['nextCursor'] ?? null ) ? $page['nextCursor'] : false;
			}
		} catch ( ApiException $e ) {
			return new \WP_Error( 'likeness_' . $e->error_code(), $e->getMessage(), array( 'status' => 502 ) );
		}
		usort(
			$items,
			static function ( array $a, array $b ): int {
				return strcmp( $b['createdAt'], $a['createdAt'] );
			}
		);
		$more = false !== $next['a'] || false !== $next['e'];
		return rest_ensure_response(
			array(
				'items'      => $items,
				'nextCursor' => $more ? base64_encode( wp_json_encode( $next ) ) : null, // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
			)
		);
	}

	/** Streams a thumbnail from the image bank (the browser has no API key). */
	public function thumbnail( \WP_REST_Request $request ) {
		try {
			$file = $this->client->fetch_file( (string) $request['id'], 'thumbnail' );
		} catch ( ApiException $e ) {
			return new \WP_Error( 'likeness_' . $e->error_code(), $e->getMessage(), array( 'status' => 404 === $e->status() ? 404 : 502 ) );
		}
		$type = preg_match( '#^image/[a-z0-9.+-]+$#i', $file['type'] ) ? $file['type'] : 'image/webp';
		if ( ! headers_sent() ) {
			header( 'Content-Type: ' . $type );
			header( 'Cache-Control: private, max-age=600' );
			header( 'X-Content-Type-Options: nosniff' );
		}
		echo $file['body']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- image bytes.
		exit;
	}

	public function import( \WP_REST_Request $request ) {
		$attachment_id = $this->importer->import( (string) $request['assetId'], (int) $request['postId'] );
		if ( is_wp_error( $attachment_id ) ) {
			return $attachment_id;
		}
		return rest_ensure_response( $this->attachment_item( $attachment_id ) );
	}

	public function link( \WP_REST_Request $request ) {
		$attachment_id = (int) $request['attachmentId'];
		$post          = get_post( $attachment_id );
		if ( ! $post || 'attachment' !== $post->post_type ) {
			return new \WP_Error( 'likeness_not_found', __( 'No such attachment.', 'likeness' ), array( 'status' => 404 ) );
		}
		$asset_id = (string) $request['assetId'];
		if ( '' === $asset_id ) {
			$found = $this->hash->link_by_hash( $attachment_id );
			if ( is_wp_error( $found ) ) {
				return $found;
			}
			if ( null === $found ) {
				return new \WP_Error( 'likeness_no_match', __( 'No image in Likeness has the same file.', 'likeness' ), array( 'status' => 404 ) );
			}
		} else {
			try {
				$asset = $this->client->get_asset( $asset_id );
			} catch ( ApiException $e ) {
				return new \WP_Error( 'likeness_' . $e->error_code(), 404 === $e->status() ? __( 'There is no such image in Likeness.', 'likeness' ) : $e->getMessage(), array( 'status' => 404 === $e->status() ? 404 : 502 ) );
			}
			$this->links->link( $attachment_id, $asset_id, 'manual', isset( $asset['publicId'] ) ? (string) $asset['publicId'] : null );
		}
		return rest_ensure_response( $this->attachment_item( $attachment_id ) );
	}

	/** What the editor shows per image: linked or not, status, shown or not, the lease. */
	public function status( \WP_REST_Request $request ) {
		$ids       = array_values( array_unique( array_map( 'intval', (array) $request['attachments'] ) ) );
		$decisions = $this->resolver->decide_attachments( $ids );
		$items     = array();
		foreach ( $ids as $id ) {
			if ( ! isset( $decisions[ $id ] ) ) {
				continue;
			}
			$items[] = array( 'attachmentId' => $id ) + $decisions[ $id ]->to_array() + array(
				'label'   => Labels::status( $decisions[ $id ]->status ),
				'channel' => $this->settings->channel(),
			);
		}
		return rest_ensure_response(
			array(
				'items'  => $items,
				'policy' => $this->settings->policy(),
			)
		);
	}

	private function attachment_item( int $attachment_id ): array {
		$image = wp_get_attachment_image_src( $attachment_id, 'full' );
		return array(
			'id'      => $attachment_id,
			'assetId' => $this->links->asset_id( $attachment_id ),
			'url'     => (string) wp_get_attachment_url( $attachment_id ),
			'width'   => $image ? (int) $image[1] : null,
			'height'  => $image ? (int) $image[2] : null,
			'alt'     => (string) get_post_meta( $attachment_id, '_wp_attachment_image_alt', true ),
			'title'   => get_the_title( $attachment_id ),
		);
	}

	private function asset_item( array $asset ): array {
		$status = null;
		foreach ( (array) ( $asset['statuses'] ?? array() ) as $s ) {
			if ( is_array( $s ) && ( $s['channel'] ?? null ) === $this->settings->channel() ) {
				$status = $s;
			}
		}
		$thumbnail = add_query_arg( '_wpnonce', wp_create_nonce( 'wp_rest' ), rest_url( self::NS . '/assets/' . rawurlencode( (string) $asset['id'] ) . '/thumbnail' ) );
		return array(
			'id'            => (string) $asset['id'],
			'title'         => (string) ( $asset['title'] ?? '' ),
			'originalName'  => (string) ( $asset['originalName'] ?? '' ),
			'width'         => $asset['width'] ?? null,
			'height'        => $asset['height'] ?? null,
			'createdAt'     => (string) ( $asset['createdAt'] ?? '' ),
			'status'        => (string) ( $status['status'] ?? 'unknown' ),
			'approvedUntil' => $status['approvedUntil'] ?? null,
			'thumbnail'     => $thumbnail,
			'imported'      => $this->links->attachment_for_asset( (string) $asset['id'] ),
		);
	}

	/** @return array{a: string|null|false, e: string|null|false} null: first page, false: no more. */
	private function decode_cursor( string $cursor ): array {
		$decoded = '' === $cursor ? null : json_decode( (string) base64_decode( $cursor, true ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
		$out     = array(
			'a' => null,
			'e' => null,
		);
		if ( is_array( $decoded ) ) {
			foreach ( array( 'a', 'e' ) as $key ) {
				$value       = $decoded[ $key ] ?? null;
				$out[ $key ] = is_string( $value ) || false === $value ? $value : null;
			}
		}
		return $out;
	}
}
