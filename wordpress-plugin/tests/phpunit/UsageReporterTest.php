<?php
/**
 * Publication history: publish, update, unpublish, trash, delete and slug changes, and retry after failure.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Media\AssetLinks;
use Likeness\WordPress\Usage\UsageReporter;

final class UsageReporterTest extends TestCase {

	private int $a;
	private int $b;

	protected function setUp(): void {
		parent::setUp();
		$this->a = $this->attachment( 'a', 400, 300, self::uuid( 1 ) );
		$this->b = $this->attachment( 'b', 400, 300, self::uuid( 2 ) );
		wp_clear_scheduled_hook( UsageReporter::RETRY_HOOK );
	}

	/** @return array<int, array> The PUT /usages bodies so far. */
	private function reports(): array {
		return array_map( static fn( $r ) => $r['body'], $this->server->calls( 'PUT', '/usages' ) );
	}

	private function last_report(): array {
		$reports = $this->reports();
		$this->assertNotEmpty( $reports, 'a usage report was sent' );
		return end( $reports );
	}

	public function test_drafts_are_not_reported(): void {
		wp_insert_post( array( 'post_title' => 'Draft', 'post_content' => self::image_block( $this->a ), 'post_status' => 'draft' ) );
		$this->assertSame( array(), $this->reports() );
	}

	public function test_publishing_reports_every_asset_at_the_posts_url(): void {
		$id = wp_insert_post( array( 'post_title' => 'Sommarläger &amp; bad', 'post_content' => self::image_block( $this->a ), 'post_status' => 'publish' ) );
		update_post_meta( $id, '_thumbnail_id', $this->b );
		wp_update_post( array( 'ID' => $id ) );
		$report = $this->last_report();
		$this->assertSame( 'wordpress:' . home_url(), $report['integration'] );
		$this->assertSame( 'web', $report['channel'] );
		$this->assertSame( get_permalink( $id ), $report['location'] );
		$this->assertSame( 'Sommarläger & bad', $report['title'] );
		$this->assertEqualsCanonicalizing( array( self::uuid( 1 ), self::uuid( 2 ) ), $report['assetIds'] );
		$this->assertSame( get_permalink( $id ), get_post_meta( $id, UsageReporter::LOCATION_META, true ) );
		$this->assertSame( array( $id ), $this->plugin()->links->posts_using_asset( self::uuid( 2 ) ) );
	}

	public function test_removing_an_image_ends_its_usage(): void {
		$id = wp_insert_post( array( 'post_title' => 'Two', 'post_content' => self::image_block( $this->a ) . self::image_block( $this->b ), 'post_status' => 'publish' ) );
		$this->assertEqualsCanonicalizing( array( self::uuid( 1 ), self::uuid( 2 ) ), $this->last_report()['assetIds'] );
		wp_update_post( array( 'ID' => $id, 'post_content' => self::image_block( $this->a ) ) );
		$this->assertSame( array( self::uuid( 1 ) ), $this->last_report()['assetIds'] );
		$this->assertSame( array(), $this->plugin()->links->posts_using_asset( self::uuid( 2 ) ) );
	}

	public function test_trash_and_unpublish_report_an_empty_set_at_the_old_url(): void {
		$id  = wp_insert_post( array( 'post_title' => 'Gone', 'post_content' => self::image_block( $this->a ), 'post_status' => 'publish' ) );
		$url = get_permalink( $id );
		wp_trash_post( $id );
		$this->assertSame( array( 'location' => $url, 'assetIds' => array() ), array_intersect_key( $this->last_report(), array_flip( array( 'location', 'assetIds' ) ) ) );
		$this->assertSame( '', get_post_meta( $id, UsageReporter::LOCATION_META, true ) );

		$other = wp_insert_post( array( 'post_title' => 'Back to draft', 'post_content' => self::image_block( $this->a ), 'post_status' => 'publish' ) );
		wp_update_post( array( 'ID' => $other, 'post_status' => 'draft' ) );
		$this->assertSame( array(), $this->last_report()['assetIds'] );
	}

	public function test_deleting_a_published_post_ends_its_usages(): void {
		$id  = wp_insert_post( array( 'post_title' => 'Deleted', 'post_content' => self::image_block( $this->a ), 'post_status' => 'publish' ) );
		$url = get_permalink( $id );
		wp_delete_post( $id, true );
		$last = $this->last_report();
		$this->assertSame( $url, $last['location'] );
		$this->assertSame( array(), $last['assetIds'] );
	}

	public function test_a_new_url_ends_the_usages_at_the_old_one(): void {
		update_option( 'permalink_structure', '/%postname%/' );
		try {
			$id  = wp_insert_post( array( 'post_title' => 'Old name', 'post_name' => 'old-name', 'post_content' => self::image_block( $this->a ), 'post_status' => 'publish' ) );
			$old = get_permalink( $id );
			wp_update_post( array( 'ID' => $id, 'post_name' => 'new-name' ) );
			$reports = array_slice( $this->reports(), -2 );
			$this->assertSame( array( $old, array() ), array( $reports[0]['location'], $reports[0]['assetIds'] ) );
			$this->assertSame( array( get_permalink( $id ), array( self::uuid( 1 ) ) ), array( $reports[1]['location'], $reports[1]['assetIds'] ) );
		} finally {
			update_option( 'permalink_structure', '' );
		}
	}

	public function test_unlinked_images_are_not_reported_but_are_once_linked(): void {
		$plain = $this->attachment( 'plain', 400, 300 );
		$id    = wp_insert_post( array( 'post_title' => 'Later', 'post_content' => self::image_block( $plain ), 'post_status' => 'publish' ) );
		$this->assertSame( array(), $this->last_report()['assetIds'] );
		$this->plugin()->links->link( $plain, self::uuid( 3 ), 'manual' );
		$this->assertSame( array( self::uuid( 3 ) ), $this->last_report()['assetIds'], 'linking re-reports the posts that use the attachment' );
		$this->assertSame( get_permalink( $id ), $this->last_report()['location'] );
	}

	public function test_a_failed_report_is_kept_and_retried_by_cron(): void {
		$this->server->failure = 'down';
		$id                    = wp_insert_post( array( 'post_title' => 'Offline', 'post_content' => self::image_block( $this->a ), 'post_status' => 'publish' ) );
		$this->assertNotEmpty( get_post_meta( $id, UsageReporter::PENDING_META, true ) );
		$this->assertNotFalse( wp_next_scheduled( UsageReporter::RETRY_HOOK ) );

		$this->server->failure = null;
		do_action( UsageReporter::RETRY_HOOK );
		$this->assertSame( array( self::uuid( 1 ) ), $this->last_report()['assetIds'] );
		$this->assertSame( '', get_post_meta( $id, UsageReporter::PENDING_META, true ) );
		$this->assertSame( get_permalink( $id ), get_post_meta( $id, UsageReporter::LOCATION_META, true ) );
	}

	public function test_posts_remember_their_assets_for_purging_even_as_drafts(): void {
		$id = wp_insert_post( array( 'post_title' => 'Draft', 'post_content' => self::image_block( $this->b ), 'post_status' => 'draft' ) );
		$this->assertSame( array( $id ), $this->plugin()->links->posts_using_asset( self::uuid( 2 ) ) );
		$this->assertSame( array( (string) $this->b ), get_post_meta( $id, AssetLinks::POST_ATTACHMENT_META, false ) );
	}
}
