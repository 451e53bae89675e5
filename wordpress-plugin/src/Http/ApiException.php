<?php
/**
 * A failed call to the Likeness server: unreachable, or an error answer.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Http;

defined( 'ABSPATH' ) || exit;

final class ApiException extends \RuntimeException {

	/** HTTP status, or 0 when the server could not be reached. */
	private int $status;

	/** The error code from the server's `{ error: { code } }` body, or a local one. */
	private string $error_code;

	public function __construct( string $message, int $status = 0, string $error_code = 'unreachable' ) {
		parent::__construct( $message );
		$this->status     = $status;
		$this->error_code = $error_code;
	}

	public function status(): int {
		return $this->status;
	}

	public function error_code(): string {
		return $this->error_code;
	}

	/** The server was not reached, or failed on its side: nothing was learnt about the request. */
	public function is_outage(): bool {
		return 0 === $this->status || $this->status >= 500;
	}
}
