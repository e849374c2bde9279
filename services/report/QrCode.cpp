// The report's QR code, encoded by libqrencode.
#include "QrCode.h"

#include <QByteArray>
#include <QRectF>

#include <qrencode.h>

#include <memory>

namespace golive::report {

namespace {

struct QrCodeDeleter
{
    void operator()(QRcode* code) const { QRcode_free(code); }
};

} // namespace

bool qrPath(const QString& text, QPainterPath* path, int* modules)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, QrCodeDeleter> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code || code->width <= 0 || !code->data)
        return false;
    const int w = code->width;
    path->setFillRule(Qt::WindingFill);
    for (int y = 0; y < w; ++y) {
        int x = 0;
        while (x < w) {
            if (!(code->data[y * w + x] & 1)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < w && (code->data[y * w + x] & 1))
                ++x;
            path->addRect(QRectF(start, y, x - start, 1));
        }
    }
    *modules = w;
    return true;
}

} // namespace golive::report
