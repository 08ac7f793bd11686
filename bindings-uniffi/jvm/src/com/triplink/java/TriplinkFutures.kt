// The Java bridge's client: every `suspend` call of TriplinkClient as a CompletableFuture
// (block with `.get()`/`.join()`, or compose), unsigned numbers as Java `int`/`long`. A failed
// call completes the future exceptionally with the same TriplinkException Kotlin would see
// (`ExecutionException.getCause()` after `.get()`).
package com.triplink.java

import com.triplink.AutoConnectReport
import com.triplink.AutoConnectSettings
import com.triplink.ConnectionRequest
import com.triplink.ConnectionRequestPage
import com.triplink.CrApiVersion
import com.triplink.MatchDecision
import com.triplink.MatchPolicy
import com.triplink.MatchRequest
import com.triplink.MemberDirectory
import com.triplink.MemberIndex
import com.triplink.TokenInfo
import com.triplink.TokenStore
import com.triplink.TriplinkClient
import com.triplink.TriplinkSettings
import com.triplink.decideWithDirectory
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.future

/**
 * TriplinkClient for Java: `new TriplinkFutures(settings, transport, tokenStore)` (the store
 * may be null), then e.g. `passwordLogin("supplier", user, password).get()`. Close it to
 * cancel calls still running and free the native client.
 */
class TriplinkFutures @JvmOverloads constructor(
    settings: TriplinkSettings,
    transport: BlockingHttpTransport,
    tokenStore: TokenStore? = null,
) : AutoCloseable {
    /** The Kotlin client underneath (for Kotlin code sharing it). */
    val client: TriplinkClient = TriplinkClient(settings, BlockingTransportAdapter(transport), tokenStore)
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    private fun <T> call(block: suspend TriplinkClient.() -> T): CompletableFuture<T> =
        scope.future { client.block() }

    /** The SDK version. */
    fun version(): String = client.version()

    // OAuth2 and tokens.
    fun passwordLogin(key: String, username: String, password: String) = call { passwordLogin(key, username, password) }
    fun clientCredentialsLogin(key: String) = call { clientCredentialsLogin(key) }
    fun companyLogin(key: String, companyId: String, requestToken: String, issuedAtMs: Long) =
        call { companyLogin(key, companyId, requestToken, issuedAtMs.toULong()) }
    fun exchangeRequestToken(userId: String, requestToken: String, issuedAtMs: Long) =
        call { exchangeRequestToken(userId, requestToken, issuedAtMs) }
    fun refreshIfDue(key: String): CompletableFuture<TokenInfo?> = call { refreshIfDue(key) }
    fun refreshNow(key: String): CompletableFuture<TokenInfo?> = call { refreshNow(key) }
    fun revoke(key: String): CompletableFuture<Unit> = call { revoke(key) }
    fun tokenInfo(key: String): CompletableFuture<TokenInfo?> = call { tokenInfo(key) }

    // Connection Requests (`limit` null for the API's default).
    fun listConnectionRequests(key: String, version: CrApiVersion, limit: Int?, offset: String?, status: String?):
        CompletableFuture<ConnectionRequestPage> = call { listConnectionRequests(key, version, limit?.toUInt(), offset, status) }
    fun nextConnectionRequestsPage(key: String, version: CrApiVersion, url: String) = call { nextConnectionRequestsPage(key, version, url) }
    fun getConnectionRequest(key: String, version: CrApiVersion, id: String): CompletableFuture<ConnectionRequest> =
        call { getConnectionRequest(key, version, id) }
    fun createConnectionRequest(key: String, version: CrApiVersion, loginId: String) = call { createConnectionRequest(key, version, loginId) }
    fun updateConnectionRequestStatus(key: String, version: CrApiVersion, id: String, status: String) =
        call { updateConnectionRequestStatus(key, version, id, status) }
    fun deleteConnectionRequest(key: String, id: String) = call { deleteConnectionRequest(key, id) }
    fun autoConnect(key: String, index: MemberIndex, settings: AutoConnectSettings?): CompletableFuture<AutoConnectReport> =
        call { autoConnect(key, index, settings) }
    fun autoConnectWithDirectory(key: String, directory: MemberDirectory, policy: MatchPolicy, settings: AutoConnectSettings?) =
        call { autoConnectWithDirectory(key, directory, policy, settings) }

    // Itinerary v1 (models as JSON text, documents as XML text).
    fun listTrips(key: String, paramsJson: String?) = call { listTrips(key, paramsJson) }
    fun listAllTrips(key: String, paramsJson: String?) = call { listAllTrips(key, paramsJson) }
    fun getTrip(key: String, tripId: String, actingFor: String?) = call { getTrip(key, tripId, actingFor) }
    fun createTrip(key: String, tripXml: String, actingFor: String?) = call { createTrip(key, tripXml, actingFor) }
    fun replaceTrip(key: String, tripId: String, tripXml: String, actingFor: String?) = call { replaceTrip(key, tripId, tripXml, actingFor) }
    fun cancelTrip(key: String, tripId: String, actingFor: String?) = call { cancelTrip(key, tripId, actingFor) }
    fun postBooking(key: String, bookingXml: String, tripId: String?, actingFor: String?) = call { postBooking(key, bookingXml, tripId, actingFor) }
    fun replaceBooking(key: String, oldConfirmation: String, bookingXml: String, actingFor: String?) =
        call { replaceBooking(key, oldConfirmation, bookingXml, actingFor) }
    fun cancelBooking(key: String, bookingSource: String, confirmationNumber: String, actingFor: String?) =
        call { cancelBooking(key, bookingSource, confirmationNumber, actingFor) }

    // Request v4 (models as JSON text).
    fun listRequests(key: String, paramsJson: String?, actingUserId: String?) = call { listRequests(key, paramsJson, actingUserId) }
    fun listAllRequests(key: String, paramsJson: String?, actingUserId: String?) = call { listAllRequests(key, paramsJson, actingUserId) }
    fun getRequest(key: String, requestId: String, actingUserId: String?) = call { getRequest(key, requestId, actingUserId) }
    fun requestAction(key: String, requestId: String, action: String, comment: String?, actingUserId: String?) =
        call { requestAction(key, requestId, action, comment, actingUserId) }
    fun requestPart(key: String, requestId: String, part: String, actingUserId: String?) = call { requestPart(key, requestId, part, actingUserId) }
    fun requestProposals(key: String, requestId: String, actingUserId: String?) = call { requestProposals(key, requestId, actingUserId) }
    fun postProposals(key: String, requestId: String, providerMessageId: String, proposalsJson: List<String>, actingUserId: String?) =
        call { postProposals(key, requestId, providerMessageId, proposalsJson, actingUserId) }

    /** Cancels calls still running and frees the native client. */
    override fun close() {
        scope.cancel()
        client.close()
    }

    companion object {
        /** [com.triplink.decideWithDirectory] as a future (the directory's lookups are Kotlin `suspend`). */
        @JvmStatic
        fun decideWithDirectoryAsync(directory: MemberDirectory, policy: MatchPolicy, request: MatchRequest): CompletableFuture<MatchDecision> =
            CoroutineScope(Dispatchers.Default).future { decideWithDirectory(directory, policy, request) }

        /** An unsigned count (e.g. `AutoConnectReport.counts` values) as a Java `long`. */
        @JvmStatic
        fun counts(report: AutoConnectReport): Map<String, Long> = report.counts.mapValues { it.value.toLong() }
    }
}
