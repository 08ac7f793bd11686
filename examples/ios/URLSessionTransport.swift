// The TripLink SDK on iOS: the app's HttpTransport over URLSession, a TokenStore over the
// Keychain, and the supplier flows (login, auto-connect, a booking post). Documented sample:
// not compiled in CI (no Swift toolchain on the Debian build machines); the generated
// Triplink.swift it uses is syntax-checked there. See README.md beside this file.

import Foundation
import Security

/// Sends the SDK's requests with URLSession. Redirects are not followed (the SDK handles
/// Concur's geolocation itself), non-2xx answers are returned as responses, and the SDK's
/// per-request timeout is honoured.
final class URLSessionTransport: NSObject, HttpTransport, URLSessionTaskDelegate {
    private lazy var session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)

    func send(request: TransportRequest) async throws -> TransportResponse {
        guard let url = URL(string: request.url) else {
            throw HttpTransportError.Connect(detail: "bad URL")
        }
        var r = URLRequest(url: url)
        r.httpMethod = request.method
        for h in request.headers { r.addValue(h.value, forHTTPHeaderField: h.name) }
        if !request.body.isEmpty { r.httpBody = request.body }
        if let ms = request.timeoutMs { r.timeoutInterval = Double(ms) / 1000 }
        do {
            let (data, response) = try await session.data(for: r)
            guard let http = response as? HTTPURLResponse else {
                throw HttpTransportError.Io(detail: "not an HTTP response")
            }
            let headers = http.allHeaderFields.map { HttpHeader(name: "\($0.key)", value: "\($0.value)") }
            return TransportResponse(status: UInt16(http.statusCode), headers: headers, body: data)
        } catch let e as URLError {
            switch e.code {
            case .cannotConnectToHost, .cannotFindHost, .notConnectedToInternet, .dnsLookupFailed:
                throw HttpTransportError.Connect(detail: e.localizedDescription)
            case .timedOut:
                throw HttpTransportError.Timeout(detail: e.localizedDescription)
            case .cancelled:
                throw HttpTransportError.Cancelled(detail: e.localizedDescription)
            default:
                throw HttpTransportError.Io(detail: e.localizedDescription)
            }
        }
    }

    // Never follow redirects: hand the 3xx to the SDK.
    func urlSession(_ session: URLSession, task: URLSessionTask,
                    willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest) async -> URLRequest? {
        nil
    }
}

/// Keeps the SDK's token sets in the Keychain (they hold refresh tokens: never UserDefaults).
final class KeychainTokenStore: TokenStore {
    private let service = "com.example.triplink.tokens"

    private func query(_ key: String) -> [String: Any] {
        [kSecClass as String: kSecClassGenericPassword,
         kSecAttrService as String: service,
         kSecAttrAccount as String: key]
    }

    func get(key: String) throws -> String? {
        var q = query(key)
        q[kSecReturnData as String] = true
        var out: AnyObject?
        let status = SecItemCopyMatching(q as CFDictionary, &out)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let data = out as? Data else {
            throw TokenStoreError.Failed(detail: "keychain read: \(status)")
        }
        return String(data: data, encoding: .utf8)
    }

    func put(key: String, value: String) throws {
        SecItemDelete(query(key) as CFDictionary)
        var q = query(key)
        q[kSecValueData as String] = Data(value.utf8)
        q[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(q as CFDictionary, nil)
        guard status == errSecSuccess else {
            throw TokenStoreError.Failed(detail: "keychain write: \(status)")
        }
    }

    func delete(key: String) throws {
        SecItemDelete(query(key) as CFDictionary)
    }
}

/// The supplier flow: log in, run auto-connect over the member list, post a hotel booking.
func runSupplierDemo(baseURL: String, membersCSV: String) async {
    do {
        let client = try TriplinkClient(
            settings: TriplinkSettings(baseUrl: baseURL, clientId: "triplink-demo-client",
                                       clientSecret: ClientSecret(value: "triplink-demo-secret"), extraAllowedHosts: []),
            transport: URLSessionTransport(),
            tokenStore: KeychainTokenStore())
        _ = try await client.passwordLogin(key: "supplier", username: "supplier@example.com",
                                           password: "sandbox-password")
        let index = try MemberIndex.fromCsv(text: membersCSV, policy: MatchPolicy.either())
        let report = await client.autoConnect(key: "supplier", index: index, settings: nil)
        print("auto-connect:", report.counts)

        let xml = try buildSupplierBookingXml(booking: SupplierBooking(
            bookingSource: "Acme Hotels", recordLocator: "ACME-IOS1", confirmationNumber: "H-IOS-1",
            firstName: "Zoë", lastName: "O'Brien",
            start: "2030-05-02T15:00:00", end: "2030-05-04T11:00:00",
            timeZone: "America/Los_Angeles", totalAmount: "567.00", currency: "USD",
            segment: .hotel(name: "Acme Downtown", city: "Seattle", country: "US")))
        let trip = try await client.postBooking(key: "0d3e0000-0000-4000-8000-000000000001",
                                                booking: try parseBooking(xml: xml), tripId: nil,
                                                actingFor: nil).value
        print("trip:", trip.tripId ?? "", trip.bookings?.count ?? 0, "bookings")
    } catch let e as TriplinkError {
        // One Swift error enum; the case is the stable class (.Auth, .NotFound, …).
        print("TripLink failed:", e)
    } catch {
        print("unexpected:", error)
    }
}
