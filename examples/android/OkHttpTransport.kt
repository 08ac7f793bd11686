// The TripLink SDK on Android: the app's HttpTransport over OkHttp and a TokenStore backed by
// EncryptedSharedPreferences (Android Keystore). Documented sample: it needs the Android SDK
// and is not built in CI; the same binding runs on the JVM in scripts/test-uniffi.sh with a
// java.net.http transport (bindings-uniffi/tests/kotlin/Main.kt). See README.md.

package com.example.triplink

import android.content.Context
import androidx.security.crypto.EncryptedSharedPreferences
import androidx.security.crypto.MasterKey
import com.triplink.*
import java.io.IOException
import java.net.ConnectException
import java.net.SocketTimeoutException
import java.net.UnknownHostException
import java.util.concurrent.TimeUnit
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine
import okhttp3.Call
import okhttp3.Callback
import okhttp3.Headers
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import okhttp3.Response

/** Sends the SDK's requests with OkHttp: no redirects, the SDK's per-request timeout. */
class OkHttpTransport(base: OkHttpClient = OkHttpClient()) : HttpTransport {
    private val client = base.newBuilder().followRedirects(false).followSslRedirects(false).build()

    override suspend fun send(request: TransportRequest): TransportResponse {
        val headers = Headers.Builder().apply { request.headers.forEach { add(it.name, it.value) } }.build()
        val body = if (request.body.isEmpty()) null else request.body.toRequestBody(null)
        val req = Request.Builder().url(request.url).headers(headers).method(request.method, body).build()
        val call = request.timeoutMs?.let {
            client.newBuilder().callTimeout(it.toLong(), TimeUnit.MILLISECONDS).build().newCall(req)
        } ?: client.newCall(req)
        return suspendCancellableCoroutine { cont ->
            cont.invokeOnCancellation { call.cancel() }
            call.enqueue(object : Callback {
                override fun onFailure(call: Call, e: IOException) {
                    cont.resumeWithException(when (e) {
                        is ConnectException, is UnknownHostException -> HttpTransportException.Connect(e.toString())
                        is SocketTimeoutException -> HttpTransportException.Timeout(e.toString())
                        else -> if (call.isCanceled()) HttpTransportException.Cancelled(e.toString())
                                else HttpTransportException.Io(e.toString())
                    })
                }
                override fun onResponse(call: Call, response: Response) {
                    response.use { r ->
                        val hs = r.headers.map { (n, v) -> HttpHeader(n, v) }
                        cont.resume(TransportResponse(r.code.toUShort(), hs, r.body?.bytes() ?: byteArrayOf()))
                    }
                }
            })
        }
    }
}

/** Token sets (they hold refresh tokens) in EncryptedSharedPreferences, keyed by the SDK's key. */
class KeystoreTokenStore(context: Context) : TokenStore {
    private val prefs = EncryptedSharedPreferences.create(
        context, "triplink_tokens",
        MasterKey.Builder(context).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build(),
        EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
        EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM)

    override fun get(key: String): String? = prefs.getString(key, null)
    // commit(), not apply(): the SDK saves a rotated refresh token before using it.
    override fun put(key: String, value: String) {
        if (!prefs.edit().putString(key, value).commit()) throw TokenStoreException.Failed("commit failed")
    }
    override fun delete(key: String) { prefs.edit().remove(key).commit() }
}

/** The supplier flow from a coroutine (e.g. a WorkManager CoroutineWorker). */
suspend fun runAutoConnect(context: Context, membersCsv: String): AutoConnectReport {
    val client = TriplinkClient(
        TriplinkSettings("https://us.api.concursolutions.com", "my-client-id", ClientSecret("my-client-secret"), listOf()),
        OkHttpTransport(), KeystoreTokenStore(context))
    try {
        val index = MemberIndex.fromCsv(membersCsv, MatchPolicy.either())
        return client.autoConnect("supplier", index, null)
    } catch (e: TriplinkException.Reauthorize) {
        // The supplier's grant is gone: ask for a new login (e.code == "Reauthorize").
        throw e
    }
}
