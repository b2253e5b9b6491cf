import Foundation
import Testing
@testable import FerryS3

/// The signer against published vectors: AWS's SigV4 test suite (aws-sig-v4-test-suite, key
/// AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service `service`), the S3 API reference's
/// "GET Object" example, and botocore 1.43.11 for a session-token PUT. Signatures are hex
/// strings compared exactly: any difference in the canonical request changes every digit.
@Suite struct SigV4SignerTests {
    static let suiteCredentials = S3Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    func suiteSign(_ method: String, query: [(name: String, value: String)] = []) -> SigV4Signer.Signature {
        SigV4Signer(credentials: Self.suiteCredentials, region: "us-east-1", service: "service")
            .sign(method: method, encodedPath: "/", query: query, headers: [("Host", "example.amazonaws.com")],
                  payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
    }

    @Test func getVanilla() {
        let s = suiteSign("GET")
        #expect(s.canonicalRequest == """
            GET
            /

            host:example.amazonaws.com
            x-amz-date:20150830T123600Z

            host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(s.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """)
        #expect(s.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func getVanillaQueryOrderKeyCase() {
        let s = suiteSign("GET", query: [("Param2", "value2"), ("Param1", "value1")])
        #expect(s.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "Param1=value1&Param2=value2")
        #expect(s.signature == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func postVanilla() {
        #expect(suiteSign("POST").signature == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    /// Amazon S3 API reference, "Signature Calculations for the Authorization Header", GET Object
    /// (first ten bytes of test.txt from examplebucket, 2013-05-24T00:00:00Z).
    @Test func s3GetObjectExample() {
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                       secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1")
        let s = signer.sign(method: "GET", encodedPath: "/test.txt", query: [],
                            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
                                      ("x-amz-content-sha256", SigV4Signer.emptyPayloadHash)],
                            payloadHash: SigV4Signer.emptyPayloadHash, date: Date(timeIntervalSince1970: 1_369_353_600))
        #expect(s.stringToSign.hasSuffix("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(s.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// botocore 1.43.11 `S3SigV4Auth` on the same request (computed once, offline): a key with a
    /// space and a plus, an upload id with a slash, and a session token.
    @Test func sessionTokenPutMatchesBotocore() {
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       sessionToken: "SESSIONTOKEN/EXAMPLE=="),
            region: "us-east-1")
        let body = SigV4Signer.sha256Hex(Data("hello".utf8))
        let s = signer.sign(method: "PUT", encodedPath: "/bucket/" + URIEncoding.encode("dir a/f+b.txt", keepSlash: true),
                            query: [("partNumber", "2"), ("uploadId", "abc/def")],
                            headers: [("host", "127.0.0.1:9000"), ("x-amz-content-sha256", body)],
                            payloadHash: body, date: Self.suiteDate)
        #expect(s.canonicalRequest.contains("/bucket/dir%20a/f%2Bb.txt\npartNumber=2&uploadId=abc%2Fdef\n"))
        #expect(s.stringToSign.hasSuffix("d2dda4957488ab3fe10818b08ad631d51e959f5fe49290565b41d19a748e6201"))
        #expect(s.signature == "e7481b4b5f01af7645bd835b8a93e63a90ae737507639d53d2d54ad899c4958b")
        #expect(s.headers.contains { $0.0 == "x-amz-security-token" && $0.1 == "SESSIONTOKEN/EXAMPLE==" })
    }

    @Test func encodingKeepsUnreservedAndEncodesUTF8() {
        #expect(URIEncoding.encode("a-_.~Z9 /é", keepSlash: false) == "a-_.~Z9%20%2F%C3%A9")
        #expect(URIEncoding.encode("a/b c", keepSlash: true) == "a/b%20c")
    }
}
