<?php
/**
 * Tells the HTML filter which images are attachments and whether each may be shown.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Status\Decision;

defined( 'ABSPATH' ) || exit;

interface MediaResolver {

	/**
	 * Decisions for media found in HTML, all at once (so statuses are fetched in one batch).
	 *
	 * @param array<int, array{attachment_id: int|null, url: string|null}> $refs What the markup says about each element.
	 * @return array<int, Decision|null> Same keys. null: not a Media Library file, leave it alone.
	 */
	public function resolve( array $refs ): array;
}
