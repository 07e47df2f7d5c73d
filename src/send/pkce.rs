//! The random values of a sign-in: the `state` that ties the redirect to this run, and
//! the PKCE pair (RFC 7636, method S256, as Kakao's SDKs use it): the verifier stays
//! here, only its SHA-256 (the challenge) goes out with the sign-in page.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};

use super::error::SendError;
use super::secret::CodeVerifier;

/// A PKCE verifier and the challenge derived from it.
#[derive(Debug)]
pub struct Pkce {
    /// Sent with the code, to prove this run asked for it.
    pub verifier: CodeVerifier,
    /// `BASE64URL(SHA256(verifier))`, sent with the sign-in page.
    pub challenge: String,
}

/// `bytes` random bytes from the system's generator, in base64url without padding.
pub fn random_text(bytes: usize) -> Result<String, SendError> {
    let mut buffer = vec![0; bytes];
    SystemRandom::new()
        .fill(&mut buffer)
        .map_err(|_| SendError::Usage {
            message: "the system's random number generator failed; cannot sign in safely"
                .to_owned(),
        })?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}

impl Pkce {
    /// A fresh pair: 32 random bytes make a 43-character verifier (RFC 7636 §4.1).
    pub fn new() -> Result<Self, SendError> {
        Ok(Self::from_verifier(random_text(32)?))
    }

    /// The pair for a given verifier.
    #[must_use]
    pub fn from_verifier(verifier: String) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
        Self {
            challenge: URL_SAFE_NO_PAD.encode(digest.as_ref()),
            verifier: CodeVerifier::new(verifier),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s() {
        // RFC 7636 Appendix B.
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned());
        assert_eq!(
            pkce.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let fresh = Pkce::new().expect("random");
        assert_eq!(fresh.verifier.expose().len(), 43);
        assert_ne!(Pkce::new().expect("random").challenge, fresh.challenge);
    }
}
