//! The reqwest client: rustls with the platform verifier (the system's roots; `SSL_CERT_FILE`
//! works through it), an optional extra CA file, proxies from the environment, timeouts.
//! There is deliberately no way to turn certificate checks off.

use std::path::Path;

use super::client::ClientConfig;
use super::error::ApiError;

/// Builds the HTTP client for `config`.
pub(crate) fn http_client(config: &ClientConfig) -> Result<reqwest::Client, ApiError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .user_agent(concat!("crmjobs/", env!("CARGO_PKG_VERSION")))
        // A redirect would turn a POST into a GET and could carry the query's token to
        // another host; the user is told to fix the server address instead.
        .redirect(reqwest::redirect::Policy::none());
    if let Some(path) = &config.extra_ca_file {
        builder = builder.tls_certs_merge(read_ca_file(path)?);
    }
    builder
        .build()
        .map_err(|e| ApiError::Config(format!("cannot set up the HTTPS client: {}", chain(&e))))
}

/// The certificates of a PEM file, or a configuration error naming the file.
fn read_ca_file(path: &Path) -> Result<Vec<reqwest::Certificate>, ApiError> {
    let pem = std::fs::read(path).map_err(|e| {
        ApiError::Config(format!("cannot read the CA file {}: {e}", path.display()))
    })?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
        ApiError::Config(format!(
            "the CA file {} is not a PEM certificate file: {}",
            path.display(),
            chain(&e)
        ))
    })?;
    if certificates.is_empty() {
        return Err(ApiError::Config(format!(
            "the CA file {} holds no certificate (expected PEM \"BEGIN CERTIFICATE\" blocks)",
            path.display()
        )));
    }
    Ok(certificates)
}

/// An error and its sources on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(current) = source {
        parts.push(current.to_string());
        source = current.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn config_with_ca(path: &Path) -> ClientConfig {
        ClientConfig {
            extra_ca_file: Some(path.to_owned()),
            ..ClientConfig::new("https://crm.example.com")
        }
    }

    #[test]
    fn missing_ca_file_is_a_clear_configuration_error() {
        let error = http_client(&config_with_ca(Path::new("/nonexistent/ca.pem"))).unwrap_err();
        let text = error.to_string();
        assert!(matches!(error, ApiError::Config(_)));
        assert!(
            text.contains("cannot read the CA file /nonexistent/ca.pem"),
            "{text}"
        );
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"this is not a certificate\n").unwrap();
        let error = http_client(&config_with_ca(file.path())).unwrap_err();
        assert!(matches!(error, ApiError::Config(_)), "{error:?}");
        assert!(error.to_string().contains("the CA file"), "{error}");
    }

    #[test]
    fn a_pem_certificate_is_trusted_beside_the_system_roots() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/test-ca.pem");
        assert_eq!(read_ca_file(&path).unwrap().len(), 1);
        assert!(http_client(&config_with_ca(&path)).is_ok());
    }

    #[test]
    fn no_ca_file_builds() {
        assert!(http_client(&ClientConfig::new("https://crm.example.com")).is_ok());
    }
}
