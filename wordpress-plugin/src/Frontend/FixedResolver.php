<?php
/**
 * A resolver with one known answer for every element, for markup WordPress built for a known attachment.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Status\Decision;

defined( 'ABSPATH' ) || exit;

final class FixedResolver implements MediaResolver {

	private Decision $decision;

	public function __construct( Decision $decision ) {
		$this->decision = $decision;
	}

	public function resolve( array $refs ): array {
		return array_fill_keys( array_keys( $refs ), $this->decision );
	}
}
