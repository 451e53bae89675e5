<?php
/**
 * Which attachments a post uses: blocks (image, gallery, cover, media & text, video, featured image),
 * classic images (wp-image-N), [gallery] shortcodes and the featured image.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Usage;

defined( 'ABSPATH' ) || exit;

class PostMedia {

	/** Block attributes that hold an attachment id, by block name. */
	private const BLOCK_ATTRIBUTES = array(
		'core/image'      => array( 'id' ),
		'core/cover'      => array( 'id' ),
		'core/video'      => array( 'id' ),
		'core/media-text' => array( 'mediaId' ),
		'core/gallery'    => array( 'ids' ),
		'core/file'       => array(),
	);

	/**
	 * @return int[] Attachment ids, in order of appearance, without duplicates.
	 */
	public function attachment_ids( \WP_Post $post ): array {
		$ids = $this->from_content( (string) $post->post_content );
		if ( post_type_supports( $post->post_type, 'thumbnail' ) ) {
			$thumbnail = (int) get_post_meta( $post->ID, '_thumbnail_id', true );
			if ( $thumbnail > 0 ) {
				$ids[] = $thumbnail;
			}
		}
		/**
		 * Filters the attachments a post uses, e.g. to add images from custom fields.
		 *
		 * @param int[]    $ids  Attachment ids.
		 * @param \WP_Post $post The post.
		 */
		$ids = (array) apply_filters( 'likeness_post_attachment_ids', $ids, $post );
		return array_values( array_unique( array_filter( array_map( 'intval', $ids ) ) ) );
	}

	/** @return int[] */
	public function from_content( string $content ): array {
		$ids = array();
		if ( has_blocks( $content ) ) {
			$this->walk( parse_blocks( $content ), $ids );
		}
		if ( preg_match_all( '/\bwp-(?:image|video)-(\d+)\b/', $content, $m ) ) {
			$ids = array_merge( $ids, array_map( 'intval', $m[1] ) );
		}
		if ( preg_match_all( '/\bdata-id=["\']?(\d+)/', $content, $m ) ) {
			$ids = array_merge( $ids, array_map( 'intval', $m[1] ) );
		}
		if ( false !== strpos( $content, '[gallery' ) && preg_match_all( '/' . get_shortcode_regex( array( 'gallery' ) ) . '/', $content, $m, PREG_SET_ORDER ) ) {
			foreach ( $m as $shortcode ) {
				$atts = shortcode_parse_atts( $shortcode[3] );
				foreach ( array( 'ids', 'include' ) as $key ) {
					if ( is_array( $atts ) && ! empty( $atts[ $key ] ) ) {
						$ids = array_merge( $ids, wp_parse_id_list( $atts[ $key ] ) );
					}
				}
			}
		}
		return array_values( array_unique( array_filter( $ids ) ) );
	}

	/**
	 * @param array $blocks Parsed blocks.
	 * @param int[] $ids    Collected ids.
	 * @param int   $depth  Reusable blocks followed so far (they may refer to each other).
	 */
	private function walk( array $blocks, array &$ids, int $depth = 0 ): void {
		foreach ( $blocks as $block ) {
			$name = (string) ( $block['blockName'] ?? '' );
			foreach ( self::BLOCK_ATTRIBUTES[ $name ] ?? array() as $attribute ) {
				$value = $block['attrs'][ $attribute ] ?? null;
				if ( is_array( $value ) ) {
					$ids = array_merge( $ids, array_map( 'intval', $value ) );
				} elseif ( is_numeric( $value ) ) {
					$ids[] = (int) $value;
				}
			}
			if ( 'core/block' === $name && ! empty( $block['attrs']['ref'] ) && $depth < 5 ) {
				$reusable = get_post( (int) $block['attrs']['ref'] );
				if ( $reusable && 'wp_block' === $reusable->post_type ) {
					$this->walk( parse_blocks( $reusable->post_content ), $ids, $depth + 1 );
				}
			}
			if ( ! empty( $block['innerBlocks'] ) ) {
				$this->walk( $block['innerBlocks'], $ids, $depth );
			}
		}
	}
}
