// Why a request got no HTTP answer, in words (issue 18): the system's code (ENOTFOUND,
// ECONNREFUSED, a certificate code ...) said to an admin as what happened at which address, and
// what to check. The code itself stays in main's log.

/** A system or TLS error code as a short clause: "its name was not found in DNS". */
export function failureReason(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
      return 'its DNS name was not found';
    case 'EAI_AGAIN':
      return 'the DNS lookup failed for now (no answer from the name server)';
    case 'ECONNREFUSED':
      return 'the connection was refused (nothing is listening at that address and port)';
    case 'ECONNRESET':
      return 'the connection was reset before an answer came';
    case 'EPIPE':
      return 'the connection was closed while the request was being sent';
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return 'the connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'the network has no route to it (check the network connection or VPN)';
    case 'EADDRNOTAVAIL':
      return 'this computer could not open a connection to it';
    case 'CERT_HAS_EXPIRED':
      return 'its TLS certificate has expired';
    case 'CERT_NOT_YET_VALID':
      return 'its TLS certificate is not valid yet (check this computer’s clock)';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'its TLS certificate is for another name';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'its TLS certificate is self-signed, so it cannot be trusted';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'its TLS certificate is signed by an authority this computer does not trust (a proxy that inspects traffic?)';
    case 'CERT_REVOKED':
      return 'its TLS certificate was revoked';
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'the TLS handshake failed (is it an http address, or a proxy in the way?)';
    default:
      if (/CERT|SSL|TLS/i.test(code)) return 'the secure (TLS) connection could not be set up';
      return 'the connection failed';
  }
}

/** What to check, by where the address came from and what failed. */
export function failureAdvice(code: string, fromApiBaseUrl: boolean): string {
  const where = fromApiBaseUrl ? 'the API base URL under Advanced' : "the tenant's domain";
  if (code === 'ENOTFOUND') return `Check the spelling of ${where}, and your connection.`;
  if (code === 'ECONNREFUSED') {
    return fromApiBaseUrl
      ? 'Check the API base URL under Advanced (its port too), and that the server there is running.'
      : 'Check your connection, proxy and firewall.';
  }
  if (/CERT|SSL|TLS|EPROTO/i.test(code)) return `Check ${where} and any proxy between this computer and it.`;
  return `Check your connection and ${where}.`;
}
