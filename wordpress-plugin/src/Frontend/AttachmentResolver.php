<?php
/**
 * Resolves images in markup to attachments, their Likeness assets and a show/hide decision.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Media\AssetLinks;
use Likeness\WordPress\Status\Decision;
use Likeness\WordPress\Status\StatusService;
use Likeness\WordPress\Status\UnlinkedPolicy;

defined( 'ABSPATH' ) || exit;

class AttachmentResolver implements MediaResolver {

	private AssetLinks $links;
	private StatusService $status;
	private UnlinkedPolicy $unlinked;

	/** URL → attachment id (0: none) during this request. */
	private array $url_memo = array();

	public function __construct( AssetLinks $links, StatusService $status, UnlinkedPolicy $unlinked ) {
		$this->links    = $links;
		$this->status   = $status;
		$this->unlinked = $unlinked;
	}

	public function resolve( array $refs ): array {
		$attachment_ids = array();
		foreach ( $refs as $i => $ref ) {
			$id = $ref['attachment_id'] ?? null;
			if ( ! $id && ! empty( $ref['url'] ) ) {
				$id = $this->attachment_from_url( (string) $ref['url'] );
			}
			$attachment_ids[ $i ] = $id ? (int) $id : null;
		}
		$decisions = $this->decide_attachments( array_values( array_filter( $attachment_ids ) ) );
		$out       = array();
		foreach ( $attachment_ids as $i => $id ) {
			$out[ $i ] = null === $id ? null : ( $decisions[ $id ] ?? null );
		}
		return $out;
	}

	/**
	 * Decisions for attachments; ids that are not image/video attachments get none.
	 *
	 * @param int[] $attachment_ids Attachment ids.
	 * @return array<int, Decision>
	 */
	public function decide_attachments( array $attachment_ids ): array {
		$attachment_ids = array_values( array_unique( array_map( 'intval', $attachment_ids ) ) );
		if ( ! $attachment_ids ) {
			return array();
		}
		_prime_post_caches( $attachment_ids, false, true );
		$links    = $this->links->asset_ids( $attachment_ids );
		$statuses = $this->status->decide( array_values( $links ) );
		$out      = array();
		foreach ( $attachment_ids as $id ) {
			$post = get_post( $id );
			if ( ! $post || 'attachment' !== $post->post_type ) {
				continue;
			}
			if ( isset( $links[ $id ] ) ) {
				$out[ $id ] = $statuses[ $links[ $id ] ] ?? new Decision( $links[ $id ], false, 'unknown', false, null, 'none' );
			} else {
				$out[ $id ] = new Decision( null, $this->unlinked->visible(), 'unlinked' );
			}
		}
		/**
		 * Fires with every set of attachment decisions (the upload guard moves files of hidden ones).
		 *
		 * @param array<int, Decision> $out Attachment id → decision.
		 */
		do_action( 'likeness_attachments_decided', $out );
		return $out;
	}

	public function decide_attachment( int $attachment_id ): ?Decision {
		return $this->decide_attachments( array( $attachment_id ) )[ $attachment_id ] ?? null;
	}

	/** The attachment behind an uploads URL, including its resized and -scaled variants. */
	public function attachment_from_url( string $url ): ?int {
		if ( isset( $this->url_memo[ $url ] ) ) {
			return $this->url_memo[ $url ] ?: null;
		}
		$id      = 0;
		$uploads = wp_get_upload_dir();
		$base    = preg_replace( '#^https?:#i', '', (string) $uploads['baseurl'] );
		$plain   = preg_replace( '#^https?:#i', '', strtok( $url, '?#' ) );
		if ( '' !== $base && 0 === strpos( $plain, $base . '/' ) ) {
			$full = set_url_scheme( (string) $uploads['baseurl'] ) . substr( $plain, strlen( $base ) );
			$id   = attachment_url_to_postid( $full );
			if ( ! $id ) {
				$original = preg_replace( '/-(?:\d+x\d+|scaled|rotated)(?=\.[a-z0-9]+$)/i', '', $full );
				$id       = $original !== $full ? attachment_url_to_postid( $original ) : 0;
				if ( ! $id ) {
					$scaled = preg_replace( '/(\.[a-z0-9]+)$/i', '-scaled$1', $original );
					$id     = attachment_url_to_postid( $scaled );
				}
			}
		}
		$this->url_memo[ $url ] = (int) $id;
		return $id ? (int) $id : null;
	}

	public function reset(): void {
		$this->url_memo = array();
	}
}
