<?php
/**
 * Whether one image may be shown, and why.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Status;

defined( 'ABSPATH' ) || exit;

final class Decision {

	/** The Likeness asset, or null for an attachment that is not linked. */
	public ?string $asset_id;

	public bool $visible;

	/** A Likeness status, 'unknown', or 'unlinked'. */
	public string $status;

	public bool $approved;

	/** The lease in ms, or null. */
	public ?int $approved_until;

	/** fresh (the server's answer is current), cached (held while the server is unreachable), none (unknown). */
	public string $source;

	public function __construct( ?string $asset_id, bool $visible, string $status, bool $approved = false, ?int $approved_until = null, string $source = 'fresh' ) {
		$this->asset_id       = $asset_id;
		$this->visible        = $visible;
		$this->status         = $status;
		$this->approved       = $approved;
		$this->approved_until = $approved_until;
		$this->source         = $source;
	}

	public function to_array(): array {
		return array(
			'assetId'       => $this->asset_id,
			'visible'       => $this->visible,
			'status'        => $this->status,
			'approved'      => $this->approved,
			'approvedUntil' => null === $this->approved_until ? null : gmdate( 'Y-m-d\TH:i:s\Z', (int) floor( $this->approved_until / 1000 ) ),
			'source'        => $this->source,
		);
	}
}
