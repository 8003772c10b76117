// The Artifact Store over HTTP: multipart uploads (text and a 20 MB binary), downloads that equal
// the upload, metadata with the sha256, and the errors of malformed uploads.
#include "HttpTestClient.h"
#include "artifacts/ArtifactStoreService.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;
using namespace necrocode::test;

namespace {

QHttpPart formField(const QByteArray &name, const QByteArray &value)
{
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QByteArray("form-data; name=\"" + name + "\""));
    part.setBody(value);
    return part;
}

QHttpPart filePart(const QByteArray &bytes, const QByteArray &fileName,
                   const QByteArray &contentType)
{
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QByteArray("form-data; name=\"file\"; filename=\"" + fileName + "\""));
    part.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    part.setBody(bytes);
    return part;
}

// A multipart upload of one file, as a request handled without a connection.
HttpRequestData uploadRequest(const QUrl &url, const QByteArray &type, const QByteArray &bytes)
{
    const QByteArray boundary = "necrocode-test-boundary";
    const QByteArray body = "--" + boundary +
                            "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + type +
                            "\r\n--" + boundary +
                            "\r\nContent-Disposition: form-data; name=\"file\"; "
                            "filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n" +
                            bytes + "\r\n--" + boundary + "--\r\n";
    return HttpRequestData::fromParts(
        QHttpServerRequest::Method::Post, url,
        {{"Content-Type", "multipart/form-data; boundary=" + boundary}}, body);
}

QJsonObject answerBody(const QByteArray &answer)
{
    return QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestArtifactStoreService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ArtifactStoreService> m_service;
    HttpTestClient m_http;

    QUrl url(const QString &path) const { return urlOf(m_service->baseUrl(), path); }

    TestResponse upload(const QList<QHttpPart> &parts)
    {
        auto *multiPart = new QHttpMultiPart(QHttpMultiPart::FormDataType);
        for (const QHttpPart &part : parts)
            multiPart->append(part);
        QNetworkReply *reply =
            m_http.manager().post(QNetworkRequest(url(QStringLiteral("/artifacts"))), multiPart);
        multiPart->setParent(reply);
        return HttpTestClient::finish(reply, 60000);
    }

    QJsonObject metadataOf(const QString &uri)
    {
        QUrl query = url(QStringLiteral("/artifacts/metadata"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("uri"), QString::fromLatin1(QUrl::toPercentEncoding(uri)));
        query.setQuery(q);
        return m_http.get(query).json();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_service = std::make_unique<ArtifactStoreService>(m_dir->path());
        QVERIFY(m_service->listen().ok());
    }

    void cleanup()
    {
        m_service.reset();
        m_dir.reset();
    }

    void healthAnswers() { QCOMPARE(m_http.get(url(QStringLiteral("/health"))).status, 200); }

    void uploadedTextIsServedBackWithItsMetadata()
    {
        const QByteArray diff = "diff --git a/x b/x\n+hello\n";
        const TestResponse r =
            upload({formField("type", "diff"),
                    formField("metadata", "{\"task_id\":\"1.1\",\"masked\":true}"),
                    filePart(diff, "changes.diff", "text/x-diff")});
        QCOMPARE(r.status, 201);
        const QString uri = r.json().value(QStringLiteral("uri")).toString();
        QVERIFY2(uri.startsWith(m_service->baseUrl().toString() + QStringLiteral("/artifacts/")),
                 qPrintable(uri));

        const TestResponse download = m_http.get(QUrl(uri));
        QCOMPARE(download.status, 200);
        QCOMPARE(download.body, diff);
        QCOMPARE(download.header("Content-Type"), QByteArray("text/x-diff; charset=utf-8"));
        QCOMPARE(download.header("Content-Disposition"),
                 QByteArray("attachment; filename=\"changes.diff\""));

        const QJsonObject metadata = metadataOf(uri);
        QCOMPARE(metadata.value(QStringLiteral("type")).toString(), QStringLiteral("diff"));
        QCOMPARE(metadata.value(QStringLiteral("size")).toInt(), diff.size());
        QCOMPARE(metadata.value(QStringLiteral("sha256")).toString().toLatin1(), sha256(diff));
        QCOMPARE(metadata.value(QStringLiteral("content_type")).toString(),
                 QStringLiteral("text/x-diff"));
        QCOMPARE(metadata.value(QStringLiteral("filename")).toString(),
                 QStringLiteral("changes.diff"));
        QCOMPARE(metadata.value(QStringLiteral("uri")).toString(), uri);
        QVERIFY(metadata.value(QStringLiteral("created_at"))
                    .toString()
                    .endsWith(QStringLiteral("+00:00")));
        const QJsonObject user = metadata.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(user.value(QStringLiteral("task_id")).toString(), QStringLiteral("1.1"));
        QCOMPARE(user.value(QStringLiteral("masked")).toBool(), true);
    }

    void anUploadedPageIsNeverServedAsAPage_data()
    {
        QTest::addColumn<QByteArray>("declared");
        QTest::newRow("html") << QByteArray("text/html");
        QTest::newRow("html with charset") << QByteArray("Text/HTML; charset=utf-8");
        QTest::newRow("svg") << QByteArray("image/svg+xml");
        QTest::newRow("javascript") << QByteArray("application/javascript");
        QTest::newRow("xhtml") << QByteArray("application/xhtml+xml");
    }

    void anUploadedPageIsNeverServedAsAPage()
    {
        QFETCH(QByteArray, declared);
        const QByteArray page = "<html><script>alert(document.cookie)</script></html>";
        const TestResponse r = upload({formField("type", "log"), formField("metadata", "{}"),
                                       filePart(page, "page.html", declared)});
        QCOMPARE(r.status, 201);
        const TestResponse download =
            m_http.get(QUrl(r.json().value(QStringLiteral("uri")).toString()));
        QCOMPARE(download.status, 200);
        QCOMPARE(download.body, page);
        QCOMPARE(download.header("Content-Type"), QByteArray("application/octet-stream"));
        QCOMPARE(download.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(download.header("Content-Disposition"),
                 QByteArray("attachment; filename=\"page.html\""));
    }

    void twentyMegabytesOfBinaryRoundTrip()
    {
        QByteArray bytes(20 * 1024 * 1024, Qt::Uninitialized);
        QRandomGenerator random(7);
        random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        bytes.replace(1000, 8,
                      QByteArray("\r\n--\r\n\r\n", 8)); // boundary-like bytes inside the file
        QElapsedTimer timer;
        timer.start();
        const TestResponse r = upload(
            {formField("type", "log"), filePart(bytes, "big.bin", "application/octet-stream")});
        const qint64 uploadMs = timer.elapsed();
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QStringLiteral("sha256")).toString().toLatin1(), sha256(bytes));
        const QString uri = r.json().value(QStringLiteral("uri")).toString();
        timer.restart();
        const TestResponse download = m_http.get(QUrl(uri));
        qInfo("20 MB upload %lld ms, download %lld ms", uploadMs, timer.elapsed());
        QCOMPARE(download.status, 200);
        QCOMPARE(download.body.size(), bytes.size());
        QVERIFY(download.body == bytes);
        QCOMPARE(metadataOf(uri).value(QStringLiteral("size_bytes")).toInteger(),
                 qint64(bytes.size()));
    }

    void emptyFilesAreStoredToo()
    {
        const TestResponse r =
            upload({formField("type", "test_results"), filePart({}, "empty.txt", "text/plain")});
        QCOMPARE(r.status, 201);
        const TestResponse download =
            m_http.get(QUrl(r.json().value(QStringLiteral("uri")).toString()));
        QCOMPARE(download.status, 200);
        QVERIFY(download.body.isEmpty());
    }

    void malformedUploadsAreRejected()
    {
        QCOMPARE(upload({formField("type", "diff")}).status, 400);
        const TestResponse noType = upload({filePart("x", "x.txt", "text/plain")});
        QCOMPARE(noType.status, 400);
        QVERIFY(noType.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("'type'")));
        const TestResponse badMetadata =
            upload({formField("type", "diff"), formField("metadata", "{not json"),
                    filePart("x", "x", "text/plain")});
        QCOMPARE(badMetadata.status, 400);
        QVERIFY(badMetadata.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("'metadata'")));
        const TestResponse notMultipart = m_http.post(
            url(QStringLiteral("/artifacts")), {{QStringLiteral("type"), QStringLiteral("x")}});
        QCOMPARE(notMultipart.status, 400);
        QVERIFY(notMultipart.json()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("multipart/form-data")));
    }

    void uploadsAreWrittenWhileTheStoreGoesOnServing()
    {
        constexpr int kUploads = 8;
        std::vector<std::unique_ptr<QBuffer>> connections;
        QList<QByteArray> contents;
        for (int i = 0; i < kUploads; ++i) {
            contents.append(QByteArray(256 * 1024, char('a' + i)));
            connections.push_back(std::make_unique<QBuffer>());
            connections.back()->open(QIODevice::WriteOnly);
            m_service->http().handle(
                uploadRequest(url(QStringLiteral("/artifacts")), "blob", contents.last()),
                HttpReply(connections.back().get(), false));
        }
        for (const auto &connection : connections)
            QVERIFY2(connection->data().isEmpty(), "an upload was written on the serving thread");

        QBuffer probe;
        probe.open(QIODevice::WriteOnly);
        m_service->http().handle(HttpRequestData::fromParts(QHttpServerRequest::Method::Get,
                                                            url(QStringLiteral("/health")), {}, {}),
                                 HttpReply(&probe, false));
        QVERIFY2(probe.data().startsWith("HTTP/1.1 200"), probe.data().constData());

        QSet<QString> ids;
        for (int i = 0; i < kUploads; ++i) {
            QBuffer &connection = *connections[std::size_t(i)];
            QTRY_VERIFY_WITH_TIMEOUT(!connection.data().isEmpty(), 20000);
            QVERIFY2(connection.data().startsWith("HTTP/1.1 201"), connection.data().constData());
            const QJsonObject answer = answerBody(connection.data());
            QCOMPARE(answer.value(QStringLiteral("sha256")).toString().toLatin1(),
                     sha256(contents[i]));
            ids.insert(answer.value(QStringLiteral("id")).toString());
            QCOMPARE(m_http.get(QUrl(answer.value(QStringLiteral("uri")).toString())).body,
                     contents[i]);
        }
        QCOMPARE(ids.size(), kUploads);
        m_service->files().waitUntilSynced();
        QCOMPARE(m_service->files().syncedFiles(), quint64(2 * kUploads));
    }

    void aMalformedUploadIsAnsweredFromItsWriterToo()
    {
        QBuffer connection;
        connection.open(QIODevice::WriteOnly);
        HttpRequestData request = uploadRequest(url(QStringLiteral("/artifacts")), "", "x");
        m_service->http().handle(request, HttpReply(&connection, false));
        QTRY_VERIFY_WITH_TIMEOUT(!connection.data().isEmpty(), 20000);
        QVERIFY2(connection.data().startsWith("HTTP/1.1 400"), connection.data().constData());
        QVERIFY(answerBody(connection.data())
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("'type'")));
    }

    void unknownArtifactsAre404()
    {
        QCOMPARE(
            m_http.get(url(QStringLiteral("/artifacts/0123456789abcdef0123456789abcdef"))).status,
            404);
        QCOMPARE(m_http.get(url(QStringLiteral("/artifacts/..%2F..%2Fetc%2Fpasswd"))).status, 404);
        QCOMPARE(metadataOf(
                     url(QStringLiteral("/artifacts/ffffffffffffffffffffffffffffffff")).toString())
                     .value(QStringLiteral("status"))
                     .toInt(),
                 404);
        QCOMPARE(m_http.get(url(QStringLiteral("/artifacts/metadata"))).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestArtifactStoreService)
#include "test_artifact_store_service.moc"
