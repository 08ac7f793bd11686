// The Java bridge's transport: the SDK's HttpTransport is a Kotlin `suspend` interface, which
// Java cannot implement, so a Java app implements this blocking one instead and the bridge
// runs it on a worker thread (Dispatchers.IO). Unsigned fields become Java `int`/`long`.

package com.triplink.java

import com.triplink.HttpHeader
import com.triplink.HttpTransport
import com.triplink.HttpTransportException
import com.triplink.TransportRequest
import com.triplink.TransportResponse
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible

/** One HTTP request the SDK wants sent, in Java types (`timeoutMs` is null for none). */
class JavaHttpRequest(
    @JvmField val method: String,
    @JvmField val url: String,
    @JvmField val headers: List<HttpHeader>,
    @JvmField val body: ByteArray,
    @JvmField val timeoutMs: Long?,
)

/** The response the app's HTTP client received (any status: non-2xx is not an error). */
class JavaHttpResponse(
    @JvmField val status: Int,
    @JvmField val headers: List<HttpHeader>,
    @JvmField val body: ByteArray,
)

/**
 * The app's HTTP for Java callers (java.net.http, OkHttp, Apache…): a blocking send. Throw
 * `HttpTransportException.Connect/Timeout/Io/Cancelled` so the SDK knows what is safe to retry;
 * any other exception counts as `Io`. Redirects must not be followed.
 */
fun interface BlockingHttpTransport {
    /** Sends [request] and returns the response, blocking the calling (worker) thread. */
    @Throws(HttpTransportException::class)
    fun send(request: JavaHttpRequest): JavaHttpResponse
}

/** Adapts a [BlockingHttpTransport] to the SDK's `suspend` transport (runs it on Dispatchers.IO). */
class BlockingTransportAdapter(private val inner: BlockingHttpTransport) : HttpTransport {
    override suspend fun send(request: TransportRequest): TransportResponse {
        val javaRequest = JavaHttpRequest(
            request.method, request.url, request.headers, request.body,
            request.timeoutMs?.toLong(),
        )
        val response = runInterruptible(Dispatchers.IO) { inner.send(javaRequest) }
        if (response.status !in 0..65535) {
            throw HttpTransportException.Io("HTTP status ${response.status} out of range")
        }
        return TransportResponse(response.status.toUShort(), response.headers, response.body)
    }
}
