//! A tiny HTTP server that answers canned responses, for what the stand-in never does on
//! purpose: proxies' HTML pages, empty bodies, redirects, gateway errors, and a real server's
//! lenient forms. It counts the requests so tests can tell a retry from none.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// One canned answer.
#[derive(Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    pub extra_header: Option<(&'static str, String)>,
}

impl Canned {
    /// An answer with a status, a content type and a body.
    pub fn new(status: u16, content_type: &'static str, body: impl Into<String>) -> Self {
        Self {
            status,
            content_type,
            body: body.into(),
            extra_header: None,
        }
    }

    /// A CRM.COM envelope with HTTP 200.
    pub fn envelope(code: &str, data: &serde_json::Value) -> Self {
        let body = serde_json::json!({"status": {"code": code, "message": null}, "data": data});
        Self::new(200, "application/json", body.to_string())
    }
}

/// A running fake server.
pub struct Fake {
    pub url: String,
    requests: Arc<AtomicUsize>,
    last_request: Arc<std::sync::Mutex<String>>,
}

impl Fake {
    /// Serves `answers` in order, repeating the last one; each connection gets one answer.
    pub async fn start(answers: Vec<Canned>) -> Fake {
        Self::start_with(answers, None).await
    }

    /// The same over TLS with the given server configuration.
    pub async fn start_tls(answers: Vec<Canned>, tls: tokio_rustls::TlsAcceptor) -> Fake {
        Self::start_with(answers, Some(tls)).await
    }

    async fn start_with(answers: Vec<Canned>, tls: Option<tokio_rustls::TlsAcceptor>) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let last_request = Arc::new(std::sync::Mutex::new(String::new()));
        let (count, last) = (Arc::clone(&requests), Arc::clone(&last_request));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = count.fetch_add(1, Ordering::SeqCst);
                let answer = answers[index.min(answers.len() - 1)].clone();
                let last = Arc::clone(&last);
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => serve(stream, &answer, &last).await,
                        // A failed handshake (the client refused our certificate) ends here.
                        Some(tls) => {
                            if let Ok(stream) = tls.accept(stream).await {
                                serve(stream, &answer, &last).await;
                            }
                        }
                    }
                });
            }
        });
        Fake {
            url,
            requests,
            last_request,
        }
    }

    /// Requests received so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The head and body of the latest request, as text.
    pub fn last_request(&self) -> String {
        self.last_request
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Reads one request (head and a `Content-Length` body) and writes the answer.
async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    answer: &Canned,
    last: &std::sync::Mutex<String>,
) {
    let mut request = Vec::new();
    let mut chunk = [0_u8; 4096];
    loop {
        let Ok(read) = stream.read(&mut chunk).await else {
            return;
        };
        if read == 0 {
            break;
        }
        request.extend_from_slice(&chunk[..read]);
        if complete(&request) {
            break;
        }
    }
    *last
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) =
        String::from_utf8_lossy(&request).into_owned();
    let extra = answer
        .extra_header
        .as_ref()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {} Whatever\r\ncontent-type: {}\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n",
        answer.status,
        answer.content_type,
        answer.body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(answer.body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Whether the bytes hold a whole request: the head and as much body as it announces.
fn complete(request: &[u8]) -> bool {
    let text = String::from_utf8_lossy(request);
    let Some(end) = text.find("\r\n\r\n") else {
        return false;
    };
    let length = text[..end]
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    request.len() >= end + 4 + length
}

/// A TLS acceptor presenting `tests/fixtures/test-server.pem` (for 127.0.0.1, signed by
/// `test-ca.pem`).
pub fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let chain = CertificateDer::pem_file_iter(fixtures.join("test-server.pem"))
        .expect("server certificate file")
        .collect::<Result<Vec<_>, _>>()
        .expect("server certificate");
    let key = PrivateKeyDer::from_pem_file(fixtures.join("test-server.key")).expect("server key");
    let provider = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider();
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider.into())
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server certificate and key");
    tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config))
}
