<?php
/**
 * Finding the attachments a post uses.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

final class PostMediaTest extends TestCase {

	public function test_blocks_classic_markup_shortcodes_and_featured_image(): void {
		$reusable = wp_insert_post(
			array(
				'post_type'    => 'wp_block',
				'post_status'  => 'publish',
				'post_title'   => 'Logo strip',
				'post_content' => '<!-- wp:image {"id":31} --><figure class="wp-block-image"><img class="wp-image-31"/></figure><!-- /wp:image -->',
			)
		);
		$content  = implode(
			"\n",
			array(
				'<!-- wp:image {"id":11} --><figure class="wp-block-image"><img src="a.jpg" class="wp-image-11"/></figure><!-- /wp:image -->',
				'<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery"><!-- wp:image {"id":12} --><figure class="wp-block-image"><img data-id="12" class="wp-image-12"/></figure><!-- /wp:image --></figure><!-- /wp:gallery -->',
				'<!-- wp:gallery {"ids":[13,14]} --><figure class="wp-block-gallery"></figure><!-- /wp:gallery -->',
				'<!-- wp:cover {"id":15} --><div class="wp-block-cover"><img class="wp-block-cover__image-background wp-image-15"/></div><!-- /wp:cover -->',
				'<!-- wp:media-text {"mediaId":16,"mediaType":"image"} --><div class="wp-block-media-text"><figure class="wp-block-media-text__media"><img class="wp-image-16 size-full"/></figure></div><!-- /wp:media-text -->',
				'<!-- wp:video {"id":17} --><figure class="wp-block-video"><video src="v.mp4"></video></figure><!-- /wp:video -->',
				'<!-- wp:block {"ref":' . $reusable . '} /-->',
				'<!-- wp:freeform --><p><img class="alignleft size-medium wp-image-18" src="b.jpg"/></p>[gallery ids="19,20"]<!-- /wp:freeform -->',
			)
		);
		$post     = get_post( wp_insert_post( array( 'post_title' => 'All kinds', 'post_content' => $content ) ) );
		update_post_meta( $post->ID, '_thumbnail_id', 21 );
		$ids = $this->plugin()->media->attachment_ids( $post );
		sort( $ids );
		$this->assertSame( array( 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 31 ), $ids );
	}

	public function test_classic_content_without_blocks(): void {
		$this->assertSame( array( 5, 6, 7 ), $this->plugin()->media->from_content( '<p><img class="wp-image-5" src="x"></p>[gallery include="6,7" link="file"]' ) );
	}

	public function test_reusable_blocks_that_refer_to_each_other_do_not_loop(): void {
		$a = wp_insert_post( array( 'post_type' => 'wp_block', 'post_status' => 'publish', 'post_title' => 'A', 'post_content' => '' ) );
		$b = wp_insert_post( array( 'post_type' => 'wp_block', 'post_status' => 'publish', 'post_title' => 'B', 'post_content' => '<!-- wp:block {"ref":' . $a . '} /--><!-- wp:image {"id":8} /-->' ) );
		wp_update_post( array( 'ID' => $a, 'post_content' => '<!-- wp:block {"ref":' . $b . '} /-->' ) );
		$this->assertSame( array( 8 ), $this->plugin()->media->from_content( '<!-- wp:block {"ref":' . $a . '} /-->' ) );
	}

	public function test_other_sources_can_be_added_with_a_filter(): void {
		$post = get_post( wp_insert_post( array( 'post_title' => 'Custom field', 'post_content' => '' ) ) );
		$add  = static function ( $ids ) {
			$ids[] = 99;
			return $ids;
		};
		add_filter( 'likeness_post_attachment_ids', $add );
		try {
			$this->assertSame( array( 99 ), $this->plugin()->media->attachment_ids( $post ) );
		} finally {
			remove_filter( 'likeness_post_attachment_ids', $add );
		}
	}
}
